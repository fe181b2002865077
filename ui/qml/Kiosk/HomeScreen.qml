import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

Page {
    id: page
    objectName: "homeScreen"
    background: Rectangle { color: Theme.background }

    header: Rectangle {
        color: Theme.primary
        height: 96
        Label {
            anchors.verticalCenter: parent.verticalCenter
            anchors.left: parent.left
            anchors.leftMargin: Theme.spacing * 2
            text: qsTr("Comment on the drafts")
            color: Theme.primaryText
            font.pixelSize: Theme.headingSize
            font.weight: Font.Bold
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing * 2
        spacing: Theme.spacing

        Label {
            text: qsTr("Open consultations")
            color: Theme.text
            font.pixelSize: Theme.titleSize
            font.weight: Font.DemiBold
        }

        Label {
            objectName: "emptyLabel"
            visible: cards.count === 0
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
            model: HomeViewModel.consultations
            delegate: ConsultationCard {
                width: ListView.view.width
                required property string code
                required property string title
                required property string agency
                required property int daysLeft
                required property int commentCount
                objectName: "card_" + code
                titleText: title
                agencyText: agency
                days: daysLeft
                comments: commentCount
            }
        }
    }
}
