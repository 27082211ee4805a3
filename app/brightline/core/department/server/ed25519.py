"""Ed25519 signature verification in PL/pgSQL: the department server checks signatures itself.

PostgreSQL has SHA-512 built in (`sha512(bytea)`, since version 11) but no Ed25519, and a check
made by the client would prove nothing to the server. So the server carries a verifier of its
own, `brightline.ed25519_verify(public_key, message, signature)`, written from RFC 8032 (section
5.1.7) and tested against its test vectors and PyNaCl (tests/core/department/test_ed25519.py).
One verification costs about 25 ms of the server's time; the server verifies one signature per
batch of records (`functions`), which authenticates the whole batch through the hash chain.
"""

ED25519_SQL = r"""
-- Field elements are numeric (exact integers of any size) reduced mod p = 2^255 - 19; points are
-- in extended coordinates (X:Y:Z:T, x = X/Z, y = Y/Z, xy = T/Z) with the addition and doubling
-- formulas of RFC 8032 section 5.1.4. [S]B - [k]A is computed in one pass over the bits of S and
-- k (Straus-Shamir), with B, -A and B - A kept in the "cached" form (Y-X, Y+X, 2dT, 2Z), and its
-- encoding is compared with R, as RFC 8032 verifies. Everything is inlined in one function:
-- a PL/pgSQL call costs more than a field multiplication.
--
-- Rejected: a key or signature of the wrong length, S >= L (a malleable signature), a key whose
-- y is not below p or that is not on the curve. Not a constant-time implementation, and it need
-- not be: it only ever handles public keys, messages and signatures.

CREATE FUNCTION brightline.ed25519_le(b bytea) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    n numeric := 0;
BEGIN
    FOR i IN REVERSE length(b) - 1 .. 0 LOOP
        n := n * 256 + get_byte(b, i);
    END LOOP;
    RETURN n;
END $$;

CREATE FUNCTION brightline.ed25519_le_bytes(n numeric) RETURNS bytea
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    out bytea := '\x0000000000000000000000000000000000000000000000000000000000000000';
BEGIN
    FOR i IN 0 .. 31 LOOP
        out := set_byte(out, i, mod(n, 256)::int);
        n := div(n, 256);
    END LOOP;
    RETURN out;
END $$;

-- b^e mod p, e given as 32 little-endian bytes.
CREATE FUNCTION brightline.ed25519_pow(b numeric, e bytea) RETURNS numeric
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 57896044618658097711785492504343953926634992332820282019728792003956564819949;
    r numeric := 1;
    top int := 255;
BEGIN
    WHILE top >= 0 AND get_bit(e, top) = 0 LOOP
        top := top - 1;
    END LOOP;
    FOR i IN REVERSE top .. 0 LOOP
        r := r * r % p;
        IF get_bit(e, i) = 1 THEN
            r := r * b % p;
        END IF;
    END LOOP;
    RETURN r;
END $$;

-- The point a 32-byte public key encodes, as {x, y}; NULL when it encodes none (RFC 8032 5.1.3).
CREATE FUNCTION brightline.ed25519_decode(pub bytea) RETURNS numeric[]
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 57896044618658097711785492504343953926634992332820282019728792003956564819949;
    d CONSTANT numeric := 37095705934669439343138083508754565189542113879843219016388785533085940283555;
    sqrt_m1 CONSTANT numeric := 19681161376707505956807079304988542015446066515923890162744021073123829784752;
    -- (p - 5) / 8, little-endian
    e CONSTANT bytea := brightline.ed25519_le_bytes(7237005577332262213973186563042994240829374041602535252466099000494570602493);
    sign int;
    y numeric; u numeric; v numeric; v3 numeric; x numeric; vx2 numeric;
BEGIN
    IF length(pub) <> 32 THEN
        RETURN NULL;
    END IF;
    sign := get_bit(pub, 255);
    y := brightline.ed25519_le(set_bit(pub, 255, 0));
    IF y >= p THEN
        RETURN NULL;
    END IF;
    u := (y * y - 1) % p;
    v := (d * y % p * y + 1) % p;
    v3 := v * v % p * v % p;
    x := u * v3 % p * brightline.ed25519_pow(u * (v3 * v3 % p * v % p) % p, e) % p;
    vx2 := v * x % p * x % p;
    IF (vx2 - u) % p = 0 THEN
        NULL;
    ELSIF (vx2 + u) % p = 0 THEN
        x := x * sqrt_m1 % p;
    ELSE
        RETURN NULL;
    END IF;
    IF x = 0 AND sign = 1 THEN
        RETURN NULL;
    END IF;
    IF mod(x, 2) <> sign THEN
        x := p - x;
    END IF;
    RETURN ARRAY[x, y];
END $$;

-- Whether sig (64 bytes: R || S) is pub's (32 bytes) Ed25519 signature of msg.
CREATE FUNCTION brightline.ed25519_verify(pub bytea, msg bytea, sig bytea) RETURNS boolean
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
    p CONSTANT numeric := 57896044618658097711785492504343953926634992332820282019728792003956564819949;
    d2 CONSTANT numeric := 16295367250680780974490674513165176452449235426866156013048779062215315747161;
    l CONSTANT numeric := 7237005577332262213973186563042994240857116359379907606001950938285454250989;
    -- (p - 2), little-endian: for the inverse of Z
    inv CONSTANT bytea := brightline.ed25519_le_bytes(57896044618658097711785492504343953926634992332820282019728792003956564819947);
    -- the base point B in cached form: Y - X, Y + X, 2dT, 2Z
    b_ym CONSTANT numeric := 31204614345391077396927242593886631629853981173214368409736920319215404093758;
    b_yp CONSTANT numeric := 3533012425803781230144052908719740726127014226477800802100354883158534798213;
    b_t2d CONSTANT numeric := 50237614328228664512531835696112167678046477356841409204013502641986506238568;
    a numeric[];
    s numeric; k numeric;
    sb bytea; kb bytea;
    -- -A and B - A, cached
    q_ym numeric; q_yp numeric; q_t2d numeric;
    c_ym numeric; c_yp numeric; c_t2d numeric; c_z2 numeric;
    ax numeric; ay numeric;
    x numeric := 0; y numeric := 1; z numeric := 1; t numeric := 0;
    ea numeric; eb numeric; ec numeric; ed numeric; ee numeric; ef numeric; eg numeric; eh numeric;
    zi numeric;
    bits int;
    top int;
BEGIN
    IF length(sig) <> 64 OR length(pub) <> 32 THEN
        RETURN false;
    END IF;
    sb := substr(sig, 33, 32);
    s := brightline.ed25519_le(sb);
    IF s >= l THEN
        RETURN false;
    END IF;
    a := brightline.ed25519_decode(pub);
    IF a IS NULL THEN
        RETURN false;
    END IF;
    k := brightline.ed25519_le(sha512(substr(sig, 1, 32) || pub || msg)) % l;
    kb := brightline.ed25519_le_bytes(k);
    -- -A = (-x, y), cached: Y - X = y + x, Y + X = y - x, 2dT = -2dxy
    ax := a[1];
    ay := a[2];
    q_ym := (ay + ax) % p;
    q_yp := (ay - ax + p) % p;
    q_t2d := (p - d2 * ax % p * ay % p) % p;
    -- B - A = B + (-A), from B's affine coordinates in extended form, then cached
    x := 15112221349535400772501151409588531511454012693041857206046113283949847762202;
    y := 46316835694926478169428394003475163141307993866256225615783033603165251855960;
    t := x * y % p;
    ea := (y - x) * q_ym % p;
    eb := (y + x) * q_yp % p;
    ec := t * q_t2d % p;
    ed := 2;
    ee := eb - ea; ef := ed - ec; eg := ed + ec; eh := eb + ea;
    x := ee * ef % p; y := eg * eh % p; t := ee * eh % p; z := ef * eg % p;
    c_ym := (y - x) % p;
    c_yp := (y + x) % p;
    c_t2d := d2 * t % p;
    c_z2 := 2 * z % p;
    -- the neutral point
    x := 0; y := 1; z := 1; t := 0;
    top := 255;
    WHILE top >= 0 AND get_bit(sb, top) = 0 AND get_bit(kb, top) = 0 LOOP
        top := top - 1;
    END LOOP;
    FOR i IN REVERSE top .. 0 LOOP
        -- double
        ea := x * x % p;
        eb := y * y % p;
        ec := 2 * z * z % p;
        eh := ea + eb;
        ee := eh - (x + y) * (x + y) % p;
        eg := ea - eb;
        ef := ec + eg;
        x := ee * ef % p; y := eg * eh % p; t := ee * eh % p; z := ef * eg % p;
        bits := get_bit(sb, i) + 2 * get_bit(kb, i);
        IF bits = 1 THEN  -- + B (2Z = 2)
            ea := (y - x) * b_ym % p;
            eb := (y + x) * b_yp % p;
            ec := t * b_t2d % p;
            ed := 2 * z;
        ELSIF bits = 2 THEN  -- - A (2Z = 2)
            ea := (y - x) * q_ym % p;
            eb := (y + x) * q_yp % p;
            ec := t * q_t2d % p;
            ed := 2 * z;
        ELSIF bits = 3 THEN  -- + (B - A)
            ea := (y - x) * c_ym % p;
            eb := (y + x) * c_yp % p;
            ec := t * c_t2d % p;
            ed := z * c_z2 % p;
        END IF;
        IF bits > 0 THEN
            ee := eb - ea; ef := ed - ec; eg := ed + ec; eh := eb + ea;
            x := ee * ef % p; y := eg * eh % p; t := ee * eh % p; z := ef * eg % p;
        END IF;
    END LOOP;
    -- encode: y with the sign of x in the top bit
    zi := brightline.ed25519_pow(z, inv);
    x := mod(x * zi % p + p, p);
    y := mod(y * zi % p + p, p);
    sb := brightline.ed25519_le_bytes(y);
    IF mod(x, 2) = 1 THEN
        sb := set_bit(sb, 255, 1);
    END IF;
    RETURN sb = substr(sig, 1, 32);
END $$;
"""
