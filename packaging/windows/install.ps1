<#
.SYNOPSIS
Install or update Gópý Kiosk from a folder built on Windows (dist\gopy, `py -m PyInstaller build.spec`).

.DESCRIPTION
Run as Administrator, with the kiosk account signed out. The program goes to
C:\Program Files\GopyKiosk and is replaced as a whole; the previous one is kept in
C:\Program Files\GopyKiosk.previous. The kiosk's data in %PROGRAMDATA%\GopyKiosk (database, keys,
settings, logs) is never touched: the kiosk migrates its own database when it starts.
See docs/deploy.md.
#>
param(
    [Parameter(Mandatory = $true)] [string] $Source,
    [string] $KioskUser = "kiosk"
)
$ErrorActionPreference = "Stop"

$Program = Join-Path $env:ProgramFiles "GopyKiosk"
$Data = Join-Path $env:ProgramData "GopyKiosk"

if (-not (Test-Path (Join-Path $Source "gopy-kiosk.exe"))) { throw "$Source is not a kiosk folder built on Windows (no gopy-kiosk.exe)" }
# The new program must start on this machine before anything is replaced.
& (Join-Path $Source "gopy.exe") --help | Out-Null
if ($LASTEXITCODE -ne 0) { throw "the new program does not start on this machine (exit $LASTEXITCODE)" }
if (Get-Process -Name "gopy", "gopy-kiosk" -ErrorAction SilentlyContinue) {
    throw "the kiosk is running: sign out the kiosk account first"
}

# The program folder: copied next to the old one, then swapped.
$New = "$Program.new"
if (Test-Path $New) { Remove-Item -Recurse -Force $New }
Copy-Item -Recurse $Source $New
if (Test-Path $Program) {
    if (Test-Path "$Program.previous") { Remove-Item -Recurse -Force "$Program.previous" }
    Rename-Item $Program "$Program.previous"
}
Rename-Item $New $Program

# The home folder: the kiosk account, SYSTEM and Administrators, nobody else (no inherited Users access).
New-Item -ItemType Directory -Force $Data | Out-Null
icacls $Data /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" "${KioskUser}:(OI)(CI)M" | Out-Null
if ($LASTEXITCODE -ne 0) { throw "could not set the permissions of $Data (does the account $KioskUser exist?)" }
[Environment]::SetEnvironmentVariable("GOPY_HOME", $Data, "Machine")

# A kiosk's screen never sleeps on mains power.
powercfg /change monitor-timeout-ac 0
powercfg /change standby-timeout-ac 0

Write-Output "Gópý Kiosk installed in $Program; data in $Data (GOPY_HOME)."
