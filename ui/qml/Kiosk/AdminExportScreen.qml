import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The feedback for the centre, written to a USB stick as one signed batch, with progress.
// "You can remove the USB stick safely" appears only once the file was read back intact.
StaffPage {
    id: page
    objectName: "adminExportScreen"
    title: qsTr("Export feedback for the centre")

    function reset() {}
    Component.onCompleted: {
        ExportViewModel.clear()
        ExportViewModel.refresh()
    }

    Label {
        objectName: "exportWaiting"
        width: parent.width
        text: qsTr("Feedback not yet confirmed by the centre: %1. Everything not confirmed is exported each time, so a lost USB stick loses nothing.").arg(ExportViewModel.waiting)
        color: Theme.text
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    StaffDriveChooser {
        id: chooser
        width: parent.width
        browser: ExportViewModel.browser
        busy: ExportViewModel.busy
        showFiles: false
    }
    KioskButton {
        objectName: "exportButton"
        primary: true
        enabled: !ExportViewModel.busy && chooser.currentDrive !== ""
        text: qsTr("Export to this USB stick")
        onClicked: ExportViewModel.exportTo(chooser.currentDrive)
    }
    Column {
        objectName: "exportProgress"
        width: parent.width
        visible: ExportViewModel.busy || ExportViewModel.outcome === "done"
        spacing: 6
        Label {
            text: ExportViewModel.busy ? qsTr("Writing and checking… Do not remove the USB stick.") : qsTr("Written and checked.")
            color: ExportViewModel.busy ? Theme.danger : Theme.done
            font.pixelSize: Theme.bodySize
            font.weight: Font.Bold
        }
        // A progress bar drawn with rectangles: the part done, and a block that moves while the file is checked.
        Rectangle {
            id: track
            width: parent.width
            height: 40
            radius: Theme.radius
            color: Theme.surface
            border.width: 2
            border.color: Theme.border
            clip: true
            Rectangle {
                objectName: "exportBar"
                x: 2
                y: 2
                height: parent.height - 4
                radius: Theme.radius - 2
                width: ExportViewModel.total > 0 ? (parent.width - 4) * ExportViewModel.done / ExportViewModel.total : 0
                color: Theme.done
            }
            Rectangle {
                id: runner
                visible: ExportViewModel.busy
                y: 2
                width: parent.width / 6
                height: parent.height - 4
                radius: Theme.radius - 2
                color: Theme.selected
                opacity: 0.5
                SequentialAnimation on x {
                    running: runner.visible
                    loops: Animation.Infinite
                    NumberAnimation { from: 0; to: track.width - runner.width; duration: 900 }
                    NumberAnimation { from: track.width - runner.width; to: 0; duration: 900 }
                }
            }
        }
        Label {
            objectName: "exportCount"
            text: qsTr("%1 of %2 records").arg(ExportViewModel.done).arg(ExportViewModel.total)
            color: Theme.text
            font.pixelSize: Theme.bodySize
        }
    }
    StaffNotice {
        objectName: "exportMessage"
        width: parent.width
        good: ExportViewModel.outcome !== "failed" && ExportViewModel.outcome !== "refused"
        text: ExportViewModel.message
    }
    Rectangle {
        objectName: "exportSafe"
        width: parent.width
        visible: ExportViewModel.safeToRemove
        height: safeLabel.implicitHeight + Theme.spacing * 2
        radius: Theme.radius
        color: Theme.done
        Label {
            id: safeLabel
            x: Theme.spacing
            y: Theme.spacing
            width: parent.width - Theme.spacing * 2
            horizontalAlignment: Text.AlignHCenter
            text: qsTr("You can now remove the USB stick safely.")
            color: Theme.highContrast ? Theme.background : Theme.primaryText
            font.pixelSize: Theme.titleSize
            font.weight: Font.Bold
            wrapMode: Text.Wrap
        }
    }
}
