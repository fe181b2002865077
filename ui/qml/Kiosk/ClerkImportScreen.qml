import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// A spreadsheet of transcribed paper forms from a USB stick, and its report: how many were imported,
// how many were already, and every row that was not, with its number and the reason.
StaffPage {
    id: page
    objectName: "clerkImportScreen"
    title: qsTr("Import paper forms")

    function reset() {}

    Label {
        width: parent.width
        text: qsTr("One form per row, with the columns consultation, article, stance and comment (and the form's date). A row already imported is not imported twice.")
        color: Theme.text
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    StaffDriveChooser {
        width: parent.width
        browser: PaperImportViewModel.browser
        busy: PaperImportViewModel.busy
        fileAction: qsTr("Import")
        onFileChosen: (path) => PaperImportViewModel.importFile(path)
    }
    Label {
        width: parent.width
        visible: PaperImportViewModel.busy
        text: qsTr("Importing %1…").arg(PaperImportViewModel.fileName)
        color: Theme.text
        font.pixelSize: Theme.bodySize
        font.weight: Font.DemiBold
    }
    StaffNotice {
        objectName: "importFailed"
        width: parent.width
        good: false
        text: PaperImportViewModel.outcome === "failed" ? PaperImportViewModel.message : ""
    }
    Rectangle {
        objectName: "importReport"
        width: parent.width
        visible: PaperImportViewModel.outcome === "done"
        height: report.implicitHeight + Theme.spacing * 2
        radius: Theme.radius
        color: Theme.surface
        border.width: 4
        border.color: PaperImportViewModel.errorCount > 0 ? Theme.danger : Theme.done
        Column {
            id: report
            x: Theme.spacing
            y: Theme.spacing
            width: parent.width - Theme.spacing * 2
            spacing: Theme.spacing / 2
            Label {
                width: parent.width
                text: PaperImportViewModel.fileName
                color: Theme.text
                font.pixelSize: Theme.bodySize
                font.weight: Font.Bold
                wrapMode: Text.WrapAtWordBoundaryOrAnywhere
            }
            Row {
                spacing: Theme.spacing * 2
                Repeater {
                    model: [
                        { name: "importImported", label: qsTr("Imported"), value: PaperImportViewModel.importedCount, colour: Theme.done },
                        { name: "importDuplicates", label: qsTr("Already imported"), value: PaperImportViewModel.duplicateCount, colour: Theme.text },
                        { name: "importErrors", label: qsTr("Not imported"), value: PaperImportViewModel.errorCount, colour: Theme.danger }
                    ]
                    delegate: Column {
                        required property var modelData
                        Label {
                            objectName: modelData.name
                            text: modelData.value
                            color: modelData.colour
                            font.pixelSize: Theme.headingSize
                            font.weight: Font.Bold
                        }
                        Label {
                            text: modelData.label
                            color: Theme.text
                            font.pixelSize: Theme.bodySize
                        }
                    }
                }
            }
            Repeater {
                model: PaperImportViewModel.rows
                delegate: Label {
                    required property int index
                    required property string problem
                    required property string line
                    objectName: "importRow_" + index
                    width: report.width
                    text: line
                    color: problem === "error" ? Theme.danger : Theme.mutedText
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
            }
        }
    }
}
