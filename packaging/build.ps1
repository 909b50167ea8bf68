# Build the Windows bundle and installer from a clean virtual environment.
#   powershell -ExecutionPolicy Bypass -File packaging\build.ps1
# Produces packaging\dist\desktop-app\ (onedir) and, when Inno Setup's iscc.exe is on PATH,
# packaging\dist\ReconcileDesk-Setup-<version>.exe.
$ErrorActionPreference = "Stop"
$Root = Resolve-Path "$PSScriptRoot\.."
$Build = Join-Path $Root "packaging\build"
$Dist = Join-Path $Root "packaging\dist"
$Constraints = Join-Path $Root "packaging\constraints-release.txt"
$PyInstallerVersion = "6.22.3"
$Python = if ($env:PYTHON) { $env:PYTHON } else { "py" }

$started = Get-Date
Remove-Item -Recurse -Force $Build, $Dist -ErrorAction SilentlyContinue
& $Python -m venv "$Build\venv"
$Py = "$Build\venv\Scripts\python.exe"
& $Py -m pip install --quiet --upgrade pip
& $Py -m pip install --quiet --constraint $Constraints "$Root" "pyinstaller==$PyInstallerVersion" pillow
& $Py -c "import importlib.metadata as m; assert m.version('PySide6') == '6.11.2'"
& "$Build\venv\Scripts\pyinstaller.exe" --noconfirm --clean --log-level WARN `
    --distpath $Dist --workpath "$Build\work" "$Root\packaging\desktop-app.spec"
if ($LASTEXITCODE -ne 0) { throw "pyinstaller failed" }

$Version = & $Py -c "import desktop_app; print(desktop_app.__version__)"
$Iscc = Get-Command iscc.exe -ErrorAction SilentlyContinue
if ($Iscc) {
    & $Iscc.Source "/DAppVersion=$Version" "/DSourceDir=$Dist\desktop-app" "/O$Dist" `
        "$Root\packaging\windows\desktop-app.iss"
} else {
    Write-Host "build: Inno Setup (iscc.exe) not found; the bundle is ready at $Dist\desktop-app"
}
$elapsed = [int]((Get-Date) - $started).TotalSeconds
Write-Host "build: bundle at $Dist\desktop-app in ${elapsed}s"
