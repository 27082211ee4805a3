<#
.SYNOPSIS
Build Brightline for Windows: the PyInstaller bundle, checked, and the Inno Setup installer.

.DESCRIPTION
    powershell -ExecutionPolicy Bypass -File installers\windows\build.ps1

-> dist\brightline\ (brightline.exe, the window; brightline-cli.exe, the same program for a
   terminal) and dist\brightline-VERSION-windows-x64-setup.exe.

Needs: Python 3.11 (x64) as `py -3.11` or `python`, and Inno Setup 6.3+ (ISCC.exe on PATH or in
its default folder). Uses the project's .venv, creating it with installers\dev.py when missing.

Checks, any of which fails the build: the platform plug-ins are in the bundle; the bundle's own
`self-test` passes offscreen from a folder outside the checkout with a throw-away data folder;
the window starts on the native "windows" platform plug-in and quits after its first paint
(BRIGHTLINE_QUIT_WHEN_READY=1); a size report lists the largest files.

Signing (optional): set BRIGHTLINE_SIGNTOOL to a signtool command line with $f for the file, e.g.
    $env:BRIGHTLINE_SIGNTOOL = 'signtool.exe sign /fd sha256 /tr <timestamp URL> /td sha256 /a $f'
and the executables, the installer and the uninstaller are signed (see the README, "Install").
#>
param([switch]$SkipInstaller)

# "Continue", not "Stop": Windows PowerShell 5.1 turns any line a native program writes to stderr
# into a terminating error under "Stop". Every step checks $LASTEXITCODE instead.
$ErrorActionPreference = "Continue"
$Root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $Root
$Started = Get-Date

function Step($Message) { Write-Host "build: $Message" }
function Fail($Message) { Write-Error "build: FAILED: $Message"; exit 1 }

# --- Python environment ---------------------------------------------------------------------------
$Python = Join-Path $Root ".venv\Scripts\python.exe"
if (-not (Test-Path $Python)) {
    if (Get-Command py -ErrorAction SilentlyContinue) { & py -3.11 installers\dev.py setup }
    else { & python installers\dev.py setup }
    if ($LASTEXITCODE -ne 0) { Fail "installers\dev.py setup failed" }
}
& $Python -c "import importlib.util, sys; sys.exit(0 if importlib.util.find_spec('PyInstaller') else 1)"
if ($LASTEXITCODE -ne 0) {
    Step "installing PyInstaller into .venv (pip install -e .[build])"
    & $Python -m pip install --quiet --disable-pip-version-check -e ".[build]"
    if ($LASTEXITCODE -ne 0) { Fail "pip install failed" }
}
$Version = (& $Python -c "import app; print(brightline.__version__)").Trim()
Step "Brightline $Version"

# --- icons and bundle -----------------------------------------------------------------------------
& $Python installers\icons.py build\icons
if ($LASTEXITCODE -ne 0) { Fail "rendering the icons failed" }
$env:BRIGHTLINE_ICON_DIR = Join-Path $Root "build\icons"
if ($env:BRIGHTLINE_SIGNTOOL) {
    # PyInstaller does not sign on Windows; the executables are signed below, before Inno packs them.
    Step "executables will be signed with BRIGHTLINE_SIGNTOOL"
}
& $Python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build\pyinstaller installers\brightline.spec
if ($LASTEXITCODE -ne 0) { Fail "PyInstaller failed" }
$Bundle = Join-Path $Root "dist\brightline"

# --- checks ---------------------------------------------------------------------------------------
foreach ($Plugin in @("platforms\qwindows.dll", "platforms\qoffscreen.dll")) {
    $Found = Get-ChildItem -Path $Bundle -Recurse -Filter (Split-Path $Plugin -Leaf) | Where-Object { $_.FullName -like "*plugins\$Plugin" }
    if (-not $Found) { Fail "the Qt plug-in $Plugin is missing from the bundle" }
}
$Work = Join-Path ([IO.Path]::GetTempPath()) ("brightline-check-" + [Guid]::NewGuid().ToString("N"))
New-Item -ItemType Directory -Path $Work | Out-Null
try {
    Push-Location $Work
    $env:BRIGHTLINE_DATA_DIR = Join-Path $Work "data"
    $env:QT_QPA_PLATFORM = "offscreen"
    $Output = & (Join-Path $Bundle "brightline-cli.exe") self-test 2>&1
    $Code = $LASTEXITCODE
    Write-Host ($Output | Out-String)
    if ($Code -ne 0 -or -not (($Output | Out-String) -match "(?m)^OK")) { Fail "brightline self-test failed (exit $Code)" }

    # The window on the real platform plug-in: it must paint once and quit by itself.
    Remove-Item Env:QT_QPA_PLATFORM
    $env:BRIGHTLINE_QUIT_WHEN_READY = "1"
    $Window = Start-Process -FilePath (Join-Path $Bundle "brightline.exe") -PassThru
    if (-not $Window.WaitForExit(120000)) { $Window.Kill(); Fail "the window did not start and quit within 2 minutes" }
    if ($Window.ExitCode -ne 0) { Fail "the window exited with $($Window.ExitCode)" }
    Remove-Item Env:BRIGHTLINE_QUIT_WHEN_READY
    Remove-Item Env:BRIGHTLINE_DATA_DIR
} finally {
    Pop-Location
    Remove-Item -Recurse -Force $Work -ErrorAction SilentlyContinue
}

$Files = Get-ChildItem -Path $Bundle -Recurse -File
$Total = ($Files | Measure-Object -Property Length -Sum).Sum
Step ("size: dist\brightline is {0:N1} MB in {1} files; the largest:" -f ($Total / 1MB), $Files.Count)
$Files | Sort-Object Length -Descending | Select-Object -First 15 | ForEach-Object {
    Write-Host ("  {0,8:N2} MB  {1}" -f ($_.Length / 1MB), $_.FullName.Substring($Bundle.Length + 1))
}

# --- signing and installer ------------------------------------------------------------------------
if ($env:BRIGHTLINE_SIGNTOOL) {
    foreach ($Exe in @("brightline.exe", "brightline-cli.exe")) {
        $Command = $env:BRIGHTLINE_SIGNTOOL.Replace('$f', '"' + (Join-Path $Bundle $Exe) + '"')
        cmd /c $Command
        if ($LASTEXITCODE -ne 0) { Fail "signing $Exe failed" }
    }
}
if (-not $SkipInstaller) {
    $Iscc = Get-Command iscc -ErrorAction SilentlyContinue
    $IsccPath = if ($Iscc) { $Iscc.Source } else { Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe" }
    if (-not (Test-Path $IsccPath)) { Fail "Inno Setup's ISCC.exe not found: install Inno Setup 6.3 or later" }
    $Arguments = @("/Q", "/DAppVersion=$Version", "/DSourceDir=$Bundle", "/DIconFile=$Root\build\icons\brightline.ico", "/O$Root\dist")
    if ($env:BRIGHTLINE_SIGNTOOL) {
        $Arguments += @("/Sbrightline=$($env:BRIGHTLINE_SIGNTOOL)", "/DSignTool=brightline")
    }
    & $IsccPath @Arguments installers\windows\brightline.iss
    if ($LASTEXITCODE -ne 0) { Fail "Inno Setup failed (exit $LASTEXITCODE)" }
    Step "built dist\brightline-$Version-windows-x64-setup.exe"
}
Step ("done in {0:N0} s" -f ((Get-Date) - $Started).TotalSeconds)
