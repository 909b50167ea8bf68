; Inno Setup script for the Windows installer. Called by packaging\build.ps1 with
; /DAppVersion=... /DSourceDir=...\packaging\dist\desktop-app
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef SourceDir
  #define SourceDir "..\dist\desktop-app"
#endif

[Setup]
AppId={{5B0E7C1E-4C1D-4E8B-9E55-3A7D2F0C9A11}
AppName=Reconcile Desk
AppVersion={#AppVersion}
AppPublisher=Reconcile Desk team
DefaultDirName={autopf}\Reconcile Desk
DefaultGroupName=Reconcile Desk
OutputBaseFilename=ReconcileDesk-Setup-{#AppVersion}
SetupIconFile=..\..\resources\icons\app.ico
UninstallDisplayIcon={app}\desktop-app.exe
Compression=lzma2
SolidCompression=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequiredOverridesAllowed=dialog
WizardStyle=modern

[Files]
Source: "{#SourceDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\Reconcile Desk"; Filename: "{app}\desktop-app.exe"
Name: "{group}\Reconcile Desk (demo)"; Filename: "{app}\desktop-app.exe"; Parameters: "--demo"
Name: "{autodesktop}\Reconcile Desk"; Filename: "{app}\desktop-app.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; GroupDescription: "Shortcuts:"

[Registry]
Root: HKA; Subkey: "Software\Classes\.reconcile"; ValueType: string; ValueData: "ReconcileDesk.Workspace"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\ReconcileDesk.Workspace\shell\open\command"; ValueType: string; ValueData: """{app}\desktop-app.exe"" --workspace ""%1"""; Flags: uninsdeletekey

[Run]
Filename: "{app}\desktop-app.exe"; Description: "Start Reconcile Desk"; Flags: nowait postinstall skipifsilent
