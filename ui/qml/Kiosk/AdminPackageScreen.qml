import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// A package from the centre (new drafts, responses, acknowledgements) on a USB stick:
// verified whole, then applied, or refused with its one-line reason.
StaffPage {
    id: page
    objectName: "adminPackageScreen"
    title: qsTr("Import a package from the centre")

    function reset() {}
    Component.onCompleted: PackageImportViewModel.clear()

    Label {
        width: parent.width
        text: qsTr("The centre's packages are .zip files. Each is checked against the centre's signature before anything changes.")
        color: Theme.text
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    StaffDriveChooser {
        width: parent.width
        browser: PackageImportViewModel.browser
        busy: PackageImportViewModel.busy
        fileAction: qsTr("Import")
        onFileChosen: (path) => PackageImportViewModel.importFile(path)
    }
    Label {
        width: parent.width
        visible: PackageImportViewModel.busy
        text: qsTr("Checking and applying the package…")
        color: Theme.text
        font.pixelSize: Theme.bodySize
        font.weight: Font.DemiBold
    }
    Rectangle {
        objectName: "packageResult"
        width: parent.width
        visible: PackageImportViewModel.outcome !== ""
        height: result.implicitHeight + Theme.spacing * 2
        radius: Theme.radius
        color: Theme.surface
        border.width: 4
        border.color: PackageImportViewModel.outcome === "refused" ? Theme.danger : Theme.done
        Column {
            id: result
            x: Theme.spacing
            y: Theme.spacing
            width: parent.width - Theme.spacing * 2
            spacing: 6
            Label {
                objectName: "packageOutcome"
                width: parent.width
                text: PackageImportViewModel.outcome === "applied" ? qsTr("Applied")
                      : PackageImportViewModel.outcome === "already" ? qsTr("Already applied")
                      : qsTr("Refused")
                color: PackageImportViewModel.outcome === "refused" ? Theme.danger : Theme.done
                font.pixelSize: Theme.titleSize
                font.weight: Font.Bold
            }
            Label {
                objectName: "packageMessage"
                width: parent.width
                text: PackageImportViewModel.message
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
        }
    }
}
