; Inno Setup 6 script for Sysselsättning först (Windows, per user, no administrator rights).
;
; Built by installer\windows\build-windows.ps1 after PyInstaller has made dist\sysselsattning\
; (by hand: ISCC.exe installer\windows\sysselsattning.iss from the checkout). See docs\installer.md.
;
; * Installs for the current user only: PrivilegesRequired=lowest, {localappdata}\Programs\Sysselsattning.
; * Start-menu entry (and an optional desktop shortcut). sysselsattning-cli.exe is the console twin for
;   the command line (backup, exports, simulate ...).
; * The database is NOT in the program folder: the program keeps it in the user's data folder
;   (platformdirs: %LOCALAPPDATA%\SysselsattningForst\sysselsattning\). An upgrade replaces only the
;   program folder, and the uninstaller deletes only what it installed — the data stays.
; * The version comes from sysselsattning\__init__.py (the one place), or /DAppVersion=x.y.z.

#define AppName "Sysselsättning först"
#define AppExeName "sysselsattning.exe"
#define Root AddBackslash(SourcePath) + "..\.."

#ifndef AppVersion
  ; Read  __version__ = "x.y.z"  from the package (ISPP, at compile time).
  #define VersionFile FileOpen(Root + "\sysselsattning\__init__.py")
  #define AppVersion ""
  #sub ReadVersionLine
    #define Line FileRead(VersionFile)
    #if Pos("__version__", Line) == 1
      #define AppVersion Copy(Line, Pos('"', Line) + 1, RPos('"', Line) - Pos('"', Line) - 1)
    #endif
  #endsub
  #for {0; !FileEof(VersionFile) && AppVersion == ""; 0} ReadVersionLine
  #expr FileClose(VersionFile)
  #if AppVersion == ""
    #error Hittar inte __version__ i sysselsattning\__init__.py
  #endif
#endif

[Setup]
; Never change AppId: upgrades find the earlier installation through it.
AppId={{5B0E8C2A-6F1D-4C39-9A57-2E7B51D3C8F4}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Sysselsättning först
VersionInfoVersion={#AppVersion}
VersionInfoProductName={#AppName}
DefaultDirName={localappdata}\Programs\Sysselsattning
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
DisableDirPage=auto
PrivilegesRequired=lowest
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=sysselsattning-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\resources\icons\sysselsattning.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes
RestartApplications=no
UsedUserAreasWarning=no

[Languages]
; Inno Setup ships no official Swedish translation: put the community Swedish.isl next to this script
; (or in Inno Setup's Languages folder) to get a Swedish wizard; otherwise it is English.
#if FileExists(AddBackslash(SourcePath) + "Swedish.isl")
Name: "swedish"; MessagesFile: "{#AddBackslash(SourcePath)}Swedish.isl"
#elif FileExists(AddBackslash(CompilerPath) + "Languages\Swedish.isl")
Name: "swedish"; MessagesFile: "compiler:Languages\Swedish.isl"
#endif
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
english.DesktopIcon=Create a desktop shortcut
english.DataKept=Your data (database and backups) is kept in %1.
#if FileExists(AddBackslash(SourcePath) + "Swedish.isl") || FileExists(AddBackslash(CompilerPath) + "Languages\Swedish.isl")
swedish.DesktopIcon=Skapa en genväg på skrivbordet
swedish.DataKept=Dina uppgifter (databasen och säkerhetskopiorna) finns kvar i %1.
#endif

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"; Flags: unchecked

[InstallDelete]
; An upgrade must not leave modules of the old version behind in the bundle folder (never the data:
; it is not in {app}).
Type: filesandordirs; Name: "{app}\_internal"

[Files]
Source: "{#Root}\dist\sysselsattning\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs
Source: "{#Root}\resources\licenses\THIRD-PARTY.md"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#StringChange(AppName, '&', '&&')}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Only what the program itself may have written next to its files (Python caches); the data folder is
; elsewhere and is left alone.
Type: filesandordirs; Name: "{app}\_internal"

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usDone) and not UninstallSilent then
    MsgBox(FmtMessage(CustomMessage('DataKept'), [ExpandConstant('{localappdata}\SysselsattningForst\sysselsattning')]),
           mbInformation, MB_OK);
end;
