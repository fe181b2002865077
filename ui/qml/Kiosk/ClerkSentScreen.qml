import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Stored: the receipt code in large type, printing it, and the next resident or form.
StaffPage {
    id: page
    objectName: "clerkSentScreen"
    property string mode: "assisted"
    title: qsTr("Feedback stored")

    function reset() {}
    function back(name) {
        var view = page.StackView.view
        view.pop(view.find(function(item) { return item.objectName === name }))
    }

    Label {
        width: parent.width
        text: page.mode === "paper" ? qsTr("The paper form is stored. Its receipt code:") : qsTr("The feedback is stored. The resident's receipt code:")
        color: Theme.text
        font.pixelSize: Theme.bodySize
        wrapMode: Text.Wrap
    }
    Label {
        objectName: "sentCode"
        width: parent.width
        horizontalAlignment: Text.AlignHCenter
        text: ClerkEntryViewModel.sentCode
        color: Theme.text
        font.pixelSize: 56
        font.weight: Font.Bold
        font.letterSpacing: 4
    }
    StaffNotice {
        objectName: "sentPrintMessage"
        width: parent.width
        good: ClerkEntryViewModel.printed
        text: ClerkEntryViewModel.printing ? qsTr("Printing…") : ClerkEntryViewModel.printMessage
    }
    Flow {
        width: parent.width
        spacing: Theme.spacing
        KioskButton {
            objectName: "sentPrint"
            enabled: !ClerkEntryViewModel.printing
            text: qsTr("Print the receipt")
            onClicked: ClerkEntryViewModel.printReceipt()
        }
        KioskButton {
            objectName: "sentNext"
            primary: true
            text: page.mode === "paper" ? qsTr("Next paper form") : qsTr("Next resident")
            onClicked: {
                ClerkEntryViewModel.next()
                page.back("clerkEntryScreen")
            }
        }
        KioskButton {
            objectName: "sentDone"
            text: qsTr("Back to the staff screen")
            onClicked: page.back("staffHomeScreen")
        }
    }
}
