import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// An ideas call: the ideas already given, most supported first, each with a big
// "I have this problem too" button; a new idea is written on the next screen.
Page {
    id: page
    objectName: "ideasScreen"
    title: qsTr("Ideas")
    signal newIdeaRequested()
    signal continueRequested()
    background: Rectangle { color: Theme.background }

    function reset() {
        ideaList.positionViewAtBeginning()
    }

    component FilterRow: RowLayout {
        id: filterRow
        property string label
        property string prefix
        property var choices: []
        property string current
        signal picked(string value)
        Layout.fillWidth: true
        spacing: Theme.spacing / 2
        Label {
            text: filterRow.label
            color: Theme.text
            font.pixelSize: Theme.bodySize
            font.weight: Font.DemiBold
            Layout.preferredWidth: 150
            wrapMode: Text.Wrap
        }
        ListView {
            Layout.fillWidth: true
            Layout.preferredHeight: Theme.touchTarget
            orientation: ListView.Horizontal
            spacing: Theme.spacing / 2
            clip: true
            boundsBehavior: Flickable.StopAtBounds
            model: [""].concat(filterRow.choices)
            delegate: KioskButton {
                required property int index
                required property var modelData
                objectName: filterRow.prefix + index
                wrap: false
                text: modelData === "" ? qsTr("All") : modelData
                selected: filterRow.current === modelData
                onClicked: filterRow.picked(modelData === "" ? filterRow.current : modelData)
            }
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing * 1.5
        spacing: Theme.spacing * 0.75

        Label {
            Layout.fillWidth: true
            text: IdeasViewModel.title
            color: Theme.text
            font.pixelSize: Theme.titleSize
            font.weight: Font.Bold
            wrapMode: Text.Wrap
            maximumLineCount: 2
            elide: Text.ElideRight
        }
        Label {
            Layout.fillWidth: true
            text: qsTr("Read the ideas already given. If you have the same problem, touch “I have this problem too”. Or send a new idea.")
            color: Theme.mutedText
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        FilterRow {
            label: qsTr("Topic")
            prefix: "categoryFilter_"
            choices: IdeasViewModel.categories
            current: IdeasViewModel.categoryFilter
            onPicked: (value) => IdeasViewModel.setCategoryFilter(value)
        }
        FilterRow {
            visible: IdeasViewModel.hamlets.length > 1
            label: qsTr("Hamlet")
            prefix: "hamletFilter_"
            choices: IdeasViewModel.hamlets
            current: IdeasViewModel.hamletFilter
            onPicked: (value) => IdeasViewModel.setHamletFilter(value)
        }

        Label {
            objectName: "noIdeasLabel"
            Layout.fillWidth: true
            visible: ideaList.count === 0
            text: qsTr("No idea has been given here yet. Be the first: touch “Send a new idea”.")
            color: Theme.mutedText
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }

        ListView {
            id: ideaList
            objectName: "ideaList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: Theme.spacing / 2
            boundsBehavior: Flickable.StopAtBounds
            model: IdeasViewModel.ideas
            ScrollIndicator.vertical: ScrollIndicator { active: true }
            delegate: Rectangle {
                id: ideaCard
                required property int index
                required property string ideaId
                required property string ref
                required property string text
                required property string problem
                required property string proposal
                required property string category
                required property string hamlet
                required property int supports
                required property bool supported
                objectName: "idea_" + index
                width: ListView.view.width
                height: ideaRow.implicitHeight + Theme.spacing * 1.5
                radius: Theme.radius
                color: Theme.surface
                border.width: 2
                border.color: supported ? Theme.selected : Theme.border
                RowLayout {
                    id: ideaRow
                    x: Theme.spacing
                    y: Theme.spacing * 0.75
                    width: ideaCard.width - Theme.spacing * 2
                    spacing: Theme.spacing
                    ColumnLayout {
                        Layout.fillWidth: true
                        spacing: 4
                        Label {
                            Layout.fillWidth: true
                            text: ideaCard.category + " · " + ideaCard.hamlet
                            color: Theme.mutedText
                            font.pixelSize: Theme.smallSize
                            wrapMode: Text.Wrap
                        }
                        Label {
                            Layout.fillWidth: true
                            text: ideaCard.text
                            color: Theme.text
                            font.pixelSize: Theme.bodySize
                            font.weight: Font.DemiBold
                            wrapMode: Text.Wrap
                        }
                        Label {
                            Layout.fillWidth: true
                            visible: ideaCard.proposal !== "" && ideaCard.problem !== ""
                            text: qsTr("Problem: %1").arg(ideaCard.problem)
                            color: Theme.text
                            font.pixelSize: Theme.smallSize
                            wrapMode: Text.Wrap
                            maximumLineCount: 3
                            elide: Text.ElideRight
                        }
                        Label {
                            objectName: "supportCount_" + ideaCard.index
                            Layout.fillWidth: true
                            text: qsTr("%n person(s) have this problem too", "", ideaCard.supports) + "  ·  " + qsTr("Ref. %1").arg(ideaCard.ref)
                            color: Theme.primary
                            font.pixelSize: Theme.smallSize
                            font.weight: Font.DemiBold
                            wrapMode: Text.Wrap
                        }
                    }
                    KioskButton {
                        objectName: "support_" + ideaCard.index
                        Layout.preferredWidth: 300
                        selected: ideaCard.supported
                        text: ideaCard.supported ? qsTr("✓ You support this idea") : qsTr("I have this problem too")
                        onClicked: IdeasViewModel.toggleSupport(ideaCard.ideaId)
                    }
                }
            }
        }

        Label {
            Layout.fillWidth: true
            visible: IdeasViewModel.errorMessage !== ""
            text: IdeasViewModel.errorMessage
            color: Theme.danger
            font.pixelSize: Theme.bodySize
            wrapMode: Text.Wrap
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: Theme.spacing
            KioskButton {
                objectName: "newIdeaButton"
                Layout.fillWidth: true
                Layout.maximumWidth: fitWidth
                fontSize: Theme.controlSize + 2
                text: qsTr("Send a new idea")
                onClicked: page.newIdeaRequested()
            }
            Label {
                objectName: "ideasTally"
                Layout.fillWidth: true
                text: qsTr("In this visit: %1 new idea(s), %2 supported").arg(IdeasViewModel.ideaCount).arg(IdeasViewModel.supportCount)
                color: Theme.mutedText
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignRight
            }
            KioskButton {
                objectName: "ideasContinue"
                primary: true
                enabled: IdeasViewModel.ideaCount + IdeasViewModel.supportCount > 0
                text: qsTr("Continue ›")
                onClicked: page.continueRequested()
            }
        }
    }
}
