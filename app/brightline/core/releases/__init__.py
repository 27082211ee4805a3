"""Signed pack releases: published by a policy author, installed on machines that pin the author's
key, rolled back only by the author's signed word, and shown only when they verify.

| module | what it holds |
| --- | --- |
| `statements` | what is signed: a release's manifest, a rollback statement, a key endorsement; strict JSON |
| `container` | the release file (a plain zip) and reading it under strict limits |
| `verify` | a release against the pinned keys: signature, key, every file, app version |
| `publish` | a pack folder, checked as it would be shown, signed into a release file |
| `machine` | the machine's folder of installed releases, read back and verified at each start |
| `install` | installing a release (all or nothing) and applying a rollback statement |
| `events` | the machine's event log of installs, refusals and rollbacks |
| `trust` | what start-up reads when keys are pinned (`Paths.trust`, `brightline.core.packtrust`) |
| `refusal` | why something is refused, as a code, and in words |

What the signature protects: that every file of a release is the one the author signed, that
the release is the author's (a pinned key, or one a pinned key endorsed), that a machine never
goes back to an older release unless the author signs a rollback, and that nothing unsigned is
read beside the program's own packs. It does not protect against the author's key being stolen
(IT then unpins it), nor against someone who may change the program itself or the machine-wide
configuration (whoever can pin a key can pin their own).
"""
