import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk

// One open consultation: large, the whole card is the touch target.
ItemDelegate {
    id: card
    property string titleText
    property string agencyText
    property int days
    property int comments
    property string kindText: "draft"  // "draft", "ideas" or "vote"
    property bool closed: false  // a "Results" card

    implicitHeight: content.implicitHeight + Theme.spacing * 3
    leftPadding: Theme.spacing * 1.5
    rightPadding: Theme.spacing * 1.5
    background: Rectangle {
        color: card.down ? Theme.pressed : Theme.surface
        border.color: Theme.border
        border.width: 2
        radius: Theme.radius
    }

    contentItem: ColumnLayout {
        id: content
        spacing: Theme.spacing / 2
        Label {
            text: card.titleText
            color: Theme.text
            font.pixelSize: Theme.titleSize
            font.weight: Font.DemiBold
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Label {
            text: card.kindText === "draft" ? qsTr("Drafting agency: %1").arg(card.agencyText) : card.agencyText
            color: Theme.mutedText
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
        Flow {
            visible: !card.closed
            Layout.fillWidth: true
            spacing: Theme.spacing * 2
            Label {
                text: qsTr("%n day(s) left", "", card.days)
                color: Theme.primary
                font.pixelSize: Theme.bodySize
                font.weight: Font.DemiBold
            }
            Label {
                text: card.kindText === "draft" ? qsTr("%n person(s) have commented at this kiosk", "", card.comments)
                      : card.kindText === "ideas" ? qsTr("%n person(s) have taken part at this kiosk", "", card.comments)
                      : qsTr("%n person(s) have voted at this kiosk", "", card.comments)
                color: Theme.mutedText
                font.pixelSize: Theme.bodySize
            }
        }
        Label {
            text: card.closed ? qsTr("See the results ›")
                  : card.kindText === "ideas" ? qsTr("Read the ideas and give yours ›")
                  : card.kindText === "vote" ? qsTr("Vote ›") : qsTr("Read and comment ›")
            color: Theme.primary
            font.pixelSize: Theme.bodySize
            font.weight: Font.Bold
            Layout.alignment: Qt.AlignRight
        }
    }
}
