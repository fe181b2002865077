<#
.SYNOPSIS
Make Gópý Kiosk the shell of the kiosk account with Shell Launcher (Windows Enterprise, Education,
IoT Enterprise). Every other account keeps Explorer.

.DESCRIPTION
Run as Administrator after install.ps1. The kiosk is restarted whenever it exits, whatever its exit
code. If enabling the feature asks for a restart, restart and run this script again.
See docs/deploy.md.
#>
param([string] $KioskUser = "kiosk")
$ErrorActionPreference = "Stop"

$feature = Get-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
if ($feature.State -ne "Enabled") {
    $result = Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -All -NoRestart
    if ($result.RestartNeeded) { Write-Output "Restart Windows, then run this script again."; exit 0 }
}

$RestartShell = 0
$Shell = '"{0}" run' -f (Join-Path $env:ProgramFiles "GopyKiosk\gopy-kiosk.exe")
$sid = (New-Object System.Security.Principal.NTAccount($KioskUser)).Translate([System.Security.Principal.SecurityIdentifier]).Value

$launcher = [wmiclass]"\\localhost\root\standardcimv2\embedded:WESL_UserSetting"
$launcher.SetDefaultShell("explorer.exe", $RestartShell) | Out-Null
try { $launcher.RemoveCustomShell($sid) | Out-Null } catch { }  # none yet on a first run
$launcher.SetCustomShell($sid, $Shell, $null, $null, $RestartShell) | Out-Null
$launcher.SetEnabled($true) | Out-Null

Write-Output "Shell Launcher: $KioskUser starts $Shell; every other account starts Explorer."
