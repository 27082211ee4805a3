; Inno Setup script for Brightline on Windows (Inno Setup 6.3 or later).
;
; Built by installers\windows\build.ps1, which runs PyInstaller first and then:
;   iscc /DAppVersion=0.1.0 /DSourceDir=<repo>\dist\brightline /DIconFile=<repo>\build\icons\brightline.ico
;        /O<repo>\dist installers\windows\brightline.iss
; -> dist\brightline-VERSION-windows-x64-setup.exe
;
; One installer for both install modes: by default it installs for the current user only, without
; administrator rights (into %LOCALAPPDATA%\Programs\Brightline); the first page lets an
; administrator choose "all users" instead (into C:\Program Files\Brightline). Unattended:
;   brightline-…-setup.exe /CURRENTUSER /VERYSILENT        per user
;   brightline-…-setup.exe /ALLUSERS /VERYSILENT           all users (run elevated)
; An update is the newer installer run the same way; it keeps the mode chosen the first time.
;
; Data is never inside the application folder: each user's contact log, training records and
; settings are in %APPDATA%\Brightline (or BRIGHTLINE_DATA_DIR / --data-dir). Neither an update nor
; the uninstaller touches that folder.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z (build.ps1 does)
#endif
#ifndef SourceDir
  #define SourceDir "..\..\dist\brightline"
#endif
#ifndef IconFile
  #define IconFile "..\..\build\icons\brightline.ico"
#endif

[Setup]
; The AppId identifies Brightline to Windows across versions: never change it.
AppId={{649F42C7-64DD-481D-A461-F5CEBC95E664}
AppName=Brightline
AppVersion={#AppVersion}
AppVerName=Brightline {#AppVersion}
AppPublisher=Brightline
AppComments=Offline guidance for a city's sanctuary / safe-city policy. Guidance, not legal advice.
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\Brightline
DisableProgramGroupPage=yes
; Per user by default; the wizard (or /ALLUSERS, /CURRENTUSER) may switch to all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog commandline
; The bundle is 64-bit only; Qt 6 needs Windows 10 1809 or later.
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
MinVersion=10.0.17763
OutputBaseFilename=brightline-{#AppVersion}-windows-x64-setup
SetupIconFile={#IconFile}
UninstallDisplayIcon={app}\brightline.exe
UninstallDisplayName=Brightline
WizardStyle=modern
Compression=lzma2/max
SolidCompression=yes
; Close a running Brightline before replacing its files (the contact log commits every record at
; once, so nothing is lost).
CloseApplications=yes
RestartApplications=no
#ifdef SignTool
; build.ps1 defines SignTool when BRIGHTLINE_SIGNTOOL names a Sign Tool command (see the README, "Install").
SignTool={#SignTool}
SignedUninstaller=yes
#endif

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"
Name: "spanish"; MessagesFile: "compiler:Languages\Spanish.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[InstallDelete]
; A PyInstaller bundle is replaced whole: remove the previous version's libraries first, so no
; stale file survives an update. Only the application folder — never the data folder.
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\Brightline"; Filename: "{app}\brightline.exe"; Comment: "Sanctuary policy guidance"
Name: "{autodesktop}\Brightline"; Filename: "{app}\brightline.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\brightline.exe"; Description: "{cm:LaunchProgram,Brightline}"; Flags: nowait postinstall skipifsilent

; No [UninstallDelete] section on purpose: the uninstaller removes exactly what it installed, and
; %APPDATA%\Brightline (the contact log) stays.
