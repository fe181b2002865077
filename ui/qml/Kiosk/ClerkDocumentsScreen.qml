import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The day's report to sign and file, and blank paper forms for the people who would rather write.
StaffPage {
    id: page
    objectName: "clerkDocumentsScreen"
    title: qsTr("Day's report and blank forms")

    function reset() {}
    Component.onCompleted: DocumentsViewModel.refresh()

    StaffNotice {
        objectName: "documentsMessage"
        width: parent.width
        good: DocumentsViewModel.outcome === "done"
        text: DocumentsViewModel.busy ? qsTr("Printing…") : DocumentsViewModel.message
    }
    StaffSectionTitle {
        width: parent.width
        text: qsTr("The day's report")
    }
    RowLayout {
        width: parent.width
        spacing: Theme.spacing
        KioskButton {
            objectName: "reportDayEarlier"
            text: qsTr("‹ Day before")
            onClicked: DocumentsViewModel.stepDay(-1)
        }
        Label {
            objectName: "reportDay"
            text: DocumentsViewModel.isToday ? qsTr("Today, %1").arg(DocumentsViewModel.dayText) : DocumentsViewModel.dayText
            color: Theme.text
            font.pixelSize: Theme.titleSize
            font.weight: Font.Bold
        }
        KioskButton {
            objectName: "reportDayLater"
            enabled: !DocumentsViewModel.isToday
            text: qsTr("Day after ›")
            onClicked: DocumentsViewModel.stepDay(1)
        }
        Item { Layout.fillWidth: true }
        KioskButton {
            objectName: "printDailyReport"
            primary: true
            enabled: !DocumentsViewModel.busy
            text: qsTr("Print the report")
            onClicked: DocumentsViewModel.printDailyReport()
        }
    }
    StaffSectionTitle {
        width: parent.width
        text: qsTr("Blank paper forms")
    }
    Label {
        width: parent.width
        text: qsTr("An A4 form listing every article with boxes for the stance and lines for a comment, and a QR code to the draft.")
        color: Theme.mutedText
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    Label {
        width: parent.width
        visible: DocumentsViewModel.consultations.count === 0
        text: qsTr("There is no open consultation on a draft.")
        color: Theme.mutedText
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    Repeater {
        model: DocumentsViewModel.consultations
        delegate: RowLayout {
            required property int index
            required property string code
            required property string title
            width: parent.width
            spacing: Theme.spacing
            Label {
                Layout.fillWidth: true
                text: title
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            KioskButton {
                objectName: "printBlankForm_" + index
                enabled: !DocumentsViewModel.busy
                text: qsTr("Print blank forms")
                onClicked: DocumentsViewModel.printBlankForm(code)
            }
        }
    }
}
