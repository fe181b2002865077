import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

Page {
    id: page
    objectName: "homeScreen"
    title: qsTr("Comment on the drafts")
    signal consultationChosen(string code)
    signal checkReceiptRequested()
    signal resultsChosen(string code)
    background: Rectangle { color: Theme.background }

    function reset() {
        cards.positionViewAtBeginning()
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing * 2
        spacing: Theme.spacing

        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            ColumnLayout {
                Layout.fillWidth: true
                spacing: 4
                Label {
                    text: qsTr("Open consultations")
                    color: Theme.text
                    font.pixelSize: Theme.titleSize
                    font.weight: Font.Bold
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                }
                Label {
                    text: qsTr("Read what the State plans, and say what you think. Touch a draft to begin.")
                    color: Theme.mutedText
                    font.pixelSize: Theme.bodySize
                    Layout.fillWidth: true
                    wrapMode: Text.Wrap
                }
            }
            KioskButton {
                objectName: "checkReceiptButton"
                Layout.preferredWidth: 300
                text: qsTr("Check my receipt")
                onClicked: page.checkReceiptRequested()
            }
        }

        Label {
            objectName: "emptyLabel"
            visible: cards.count === 0 && HomeViewModel.results.count === 0
            text: qsTr("There is no consultation open at the moment.")
            color: Theme.mutedText
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }

        ListView {
            id: cards
            objectName: "consultationList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.spacing
            boundsBehavior: Flickable.StopAtBounds
            model: HomeViewModel.consultations
            ScrollIndicator.vertical: ScrollIndicator { active: true }
            delegate: ConsultationCard {
                width: ListView.view.width
                required property string code
                required property string title
                required property string agency
                required property int daysLeft
                required property int commentCount
                required property string kind
                objectName: "card_" + code
                kindText: kind
                titleText: title
                agencyText: agency
                days: daysLeft
                comments: commentCount
                onClicked: page.consultationChosen(code)
            }
            // Closed consultations whose results have come back from the centre.
            footer: Column {
                width: cards.width
                topPadding: Theme.spacing
                spacing: Theme.spacing
                visible: HomeViewModel.results.count > 0
                height: visible ? implicitHeight : 0
                Label {
                    width: parent.width
                    text: qsTr("Results")
                    color: Theme.text
                    font.pixelSize: Theme.titleSize
                    font.weight: Font.Bold
                }
                Repeater {
                    model: HomeViewModel.results
                    delegate: ConsultationCard {
                        required property string code
                        required property string title
                        required property string agency
                        required property string kind
                        objectName: "resultsCard_" + code
                        width: parent.width
                        closed: true
                        kindText: kind
                        titleText: title
                        agencyText: agency
                        onClicked: page.resultsChosen(code)
                    }
                }
            }
        }
    }
}
