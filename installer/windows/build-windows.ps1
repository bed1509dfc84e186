<#
.SYNOPSIS
  Build the Windows installer of Sysselsättning först: clean pinned venv -> PyInstaller bundle -> Inno Setup.

.DESCRIPTION
  Run from anywhere in a checkout, in PowerShell (5.1 or 7):
      powershell -ExecutionPolicy Bypass -File installer\windows\build-windows.ps1
  Needs Python 3.11 x64 (the "py" launcher, or -Python C:\path\python.exe) and Inno Setup 6
  (ISCC.exe; found in the usual places, or -Iscc C:\path\ISCC.exe). Produces
      dist\sysselsattning\                       the one-folder bundle (sysselsattning.exe = window,
                                                 sysselsattning-cli.exe = command line)
      dist\sysselsattning-<version>-windows-x64-setup.exe
  See docs\installer.md.

.PARAMETER NoPostgres
  Leave PostgreSQL support (psycopg) out of the bundle.
.PARAMETER BundleOnly
  Stop after PyInstaller (no Inno Setup needed).
#>
[CmdletBinding()]
param(
    [string]$Python = "",
    [string]$Iscc = "",
    [switch]$NoPostgres,
    [switch]$BundleOnly
)
$ErrorActionPreference = "Stop"
Set-StrictMode -Version 3

$root = (Resolve-Path (Join-Path $PSScriptRoot "..\..")).Path
Set-Location $root

function Invoke-Checked([string]$exe, [string[]]$arguments) {
    & $exe @arguments
    if ($LASTEXITCODE -ne 0) { throw "$exe $($arguments -join ' ') failed with exit code $LASTEXITCODE" }
}

# The one place the version lives.
$match = Select-String -Path "sysselsattning\__init__.py" -Pattern '^__version__ = "(.+)"$'
if (-not $match) { throw "Hittar inte __version__ i sysselsattning\__init__.py" }
$version = $match.Matches[0].Groups[1].Value

# Python 3.11 x64.
$pyExe = $Python
$pyArgs = @()
if (-not $pyExe) {
    if (Get-Command py -ErrorAction SilentlyContinue) { $pyExe = "py"; $pyArgs = @("-3.11") }
    else { $pyExe = "python" }
}
Invoke-Checked $pyExe ($pyArgs + @("-c", "import sys, struct; assert sys.version_info >= (3, 11) and struct.calcsize('P') == 8, 'Python 3.11+ x64 behövs'"))

# Clean venv with the pinned versions; re-created when the requirements or the Python version change.
$venv = "build\venv-bundle"
$req = "requirements\runtime.txt"
$buildReq = "requirements\build.txt"
$stampFile = Join-Path $venv ".bundle-stamp"
$pyVersion = (& $pyExe @pyArgs -c "import sys; print(sys.version.split()[0])").Trim()
$want = "$((Get-FileHash $req -Algorithm SHA256).Hash.ToLower())$((Get-FileHash $buildReq -Algorithm SHA256).Hash.ToLower()) $pyVersion"
$venvPy = Join-Path $venv "Scripts\python.exe"
if (-not (Test-Path $venvPy) -or -not (Test-Path $stampFile) -or ((Get-Content $stampFile -Raw).Trim() -ne $want)) {
    Write-Host "==> clean build venv $venv ($req)"
    if (Test-Path $venv) { Remove-Item -Recurse -Force $venv }
    Invoke-Checked $pyExe ($pyArgs + @("-m", "venv", $venv))
    Invoke-Checked $venvPy @("-m", "pip", "install", "-q", "--disable-pip-version-check", "--require-hashes", "-r", $req, "-r", $buildReq)
    Set-Content -Path $stampFile -Value $want -Encoding ascii
}

# PyInstaller, with the shared spec (it makes sysselsattning.exe and sysselsattning-cli.exe on Windows).
Write-Host "==> PyInstaller, version $version"
foreach ($old in @("dist\sysselsattning", "build\pyinstaller")) { if (Test-Path $old) { Remove-Item -Recurse -Force $old } }
$env:PYTHONPATH = $root
$env:BUNDLE_POSTGRES = $(if ($NoPostgres) { "0" } else { "1" })
$sw = [Diagnostics.Stopwatch]::StartNew()
Invoke-Checked (Join-Path $venv "Scripts\pyinstaller.exe") @("--noconfirm", "--clean", "--log-level", "WARN",
    "--distpath", "dist", "--workpath", "build\pyinstaller", "installer\sysselsattning.spec")
Write-Host ("    built in {0:n0} s" -f $sw.Elapsed.TotalSeconds)

$cli = "dist\sysselsattning\sysselsattning-cli.exe"
$got = (& $cli --version).Trim()
if ($got -ne "sysselsattning $version") { throw "'$cli --version' gav '$got'" }

# Smoke test offscreen: a fresh database in a temporary data folder and a screenshot of the window.
$tmp = Join-Path ([IO.Path]::GetTempPath()) ("sysselsattning-" + [Guid]::NewGuid())
New-Item -ItemType Directory $tmp | Out-Null
try {
    $env:SYSSELSATTNING_HOME = $tmp
    $env:QT_QPA_PLATFORM = "offscreen"
    $sw = [Diagnostics.Stopwatch]::StartNew()
    Invoke-Checked $cli @("gui", "--screenshot", (Join-Path $tmp "shot.png"))
    $startMs = [int]$sw.Elapsed.TotalMilliseconds
    $png = Get-Item (Join-Path $tmp "shot.png")
    if ($png.Length -lt 15000) { throw "skärmbilden är bara $($png.Length) byte" }
    Write-Host "    gui --screenshot: $startMs ms, $($png.Length) bytes"
} finally {
    Remove-Item Env:\SYSSELSATTNING_HOME, Env:\QT_QPA_PLATFORM -ErrorAction SilentlyContinue
    Remove-Item -Recurse -Force $tmp -ErrorAction SilentlyContinue
}

$bundleMb = [math]::Round(((Get-ChildItem -Recurse -File "dist\sysselsattning" | Measure-Object Length -Sum).Sum / 1MB), 0)
Write-Host "    bundle: dist\sysselsattning  $bundleMb MB"
if ($BundleOnly) { return }

# Inno Setup.
if (-not $Iscc) {
    $candidates = @(
        "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe",
        "$env:ProgramFiles\Inno Setup 6\ISCC.exe",
        "$env:LOCALAPPDATA\Programs\Inno Setup 6\ISCC.exe"
    )
    $Iscc = $candidates | Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1
    if (-not $Iscc) {
        $cmd = Get-Command iscc -ErrorAction SilentlyContinue
        if ($cmd) { $Iscc = $cmd.Source }
    }
    if (-not $Iscc) { throw "Hittar inte Inno Setup 6 (ISCC.exe). Installera det, eller ange -Iscc." }
}
Write-Host "==> Inno Setup ($Iscc)"
Invoke-Checked $Iscc @("/Q", "/DAppVersion=$version", "installer\windows\sysselsattning.iss")
$setup = "dist\sysselsattning-$version-windows-x64-setup.exe"
$setupMb = [math]::Round((Get-Item $setup).Length / 1MB, 0)
Write-Host "==> done: $setup ($setupMb MB)"
