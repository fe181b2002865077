import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// Tone and letter keys above the keyboard: each changes the word before the
// cursor ("Duc" + đ → "Đuc", + ư → "Đưc", + sắc → "Đức"). The rules are
// kiosk.telex; the keys never take the focus from the field being typed in.
Rectangle {
    id: row
    property Item target: null
    readonly property bool usable: target !== null && target.cursorPosition !== undefined && target.insert !== undefined

    implicitHeight: Theme.touchTarget + Theme.spacing
    color: Theme.background
    border.width: 1
    border.color: Theme.border

    function before() {
        return usable ? target.text.substring(0, target.cursorPosition) : ""
    }
    function apply(replacement) {
        if (!usable || replacement.length !== 2)
            return
        var end = target.cursorPosition
        var start = end - replacement[0]
        target.remove(start, end)
        target.insert(start, replacement[1])
        target.cursorPosition = start + replacement[1].length
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing / 2
        spacing: 6
        Repeater {
            model: [
                { key: "acute", mark: "á", name: qsTr("acute") },
                { key: "grave", mark: "à", name: qsTr("grave") },
                { key: "hook", mark: "ả", name: qsTr("hook") },
                { key: "tilde", mark: "ã", name: qsTr("tilde") },
                { key: "dot", mark: "ạ", name: qsTr("dot") }
            ]
            delegate: KioskButton {
                required property var modelData
                objectName: "tone_" + modelData.key
                Layout.fillWidth: true
                Layout.preferredWidth: 4
                focusPolicy: Qt.NoFocus
                leftPadding: 4
                rightPadding: 4
                fontSize: 20
                // A longer language puts the tone's name on a second line rather than cutting it.
                wrap: true
                text: modelData.mark + " " + modelData.name
                onClicked: row.apply(TypingViewModel.tone(row.before(), modelData.key))
            }
        }
        Item { Layout.preferredWidth: Theme.spacing / 2 }
        Repeater {
            model: ["â", "ă", "ê", "ô", "ơ", "ư", "đ"]
            delegate: KioskButton {
                required property string modelData
                objectName: "letter_" + modelData
                Layout.fillWidth: true
                Layout.preferredWidth: 2
                focusPolicy: Qt.NoFocus
                leftPadding: 2
                rightPadding: 2
                fontSize: Theme.controlSize + 6
                wrap: false
                text: modelData
                onClicked: row.apply(TypingViewModel.mark(row.before(), modelData))
            }
        }
    }
}
