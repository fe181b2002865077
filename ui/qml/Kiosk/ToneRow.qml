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
    readonly property var tones: [
        { key: "acute", mark: "á", name: qsTr("acute") },
        { key: "grave", mark: "à", name: qsTr("grave") },
        { key: "hook", mark: "ả", name: qsTr("hook") },
        { key: "tilde", mark: "ã", name: qsTr("tilde") },
        { key: "dot", mark: "ạ", name: qsTr("dot") }
    ]
    readonly property var letters: ["â", "ă", "ê", "ô", "ơ", "ư", "đ"]
    readonly property int keySpacing: 6
    readonly property int toneKeyPadding: 4
    // Every key stays at least a finger wide. The tones and the letters share one line while
    // it holds them all (a portrait screen's keyboard is too narrow: the letters go under the
    // tones), and the tones' names are printed under their marks while there is room for them
    // (a narrow keyboard in a longer language has not).
    readonly property real namedTonesWidth: toneNames.implicitWidth + tones.length * (toneKeyPadding * 2 + 2)
    readonly property real lettersWidth: letters.length * Theme.touchTarget
    readonly property real oneLineRest: (tones.length + letters.length) * keySpacing + Theme.spacing / 2 + Theme.spacing
    readonly property bool oneLine: tones.length * Theme.touchTarget + lettersWidth + oneLineRest <= width
    readonly property bool named: oneLine ? namedTonesWidth + lettersWidth + oneLineRest <= width
                                          : namedTonesWidth + tones.length * keySpacing + Theme.spacing <= width

    implicitHeight: Math.max(Theme.touchTarget, keys.implicitHeight) + Theme.spacing
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

    // Only to measure: the tones' names, each on one line, as their keys print them.
    Row {
        id: toneNames
        visible: false
        Repeater {
            model: row.tones
            delegate: Text {
                required property var modelData
                text: modelData.name
                font.pixelSize: 20
                font.weight: Font.Medium
            }
        }
    }

    GridLayout {
        id: keys
        anchors.fill: parent
        anchors.margins: Theme.spacing / 2
        rowSpacing: row.keySpacing
        columnSpacing: row.keySpacing
        Repeater {
            model: row.tones
            delegate: KioskButton {
                required property var modelData
                required property int index
                objectName: "tone_" + modelData.key
                Layout.row: 0
                Layout.column: index
                Layout.fillWidth: true
                Layout.fillHeight: true  // every key as tall as the tallest
                Layout.preferredWidth: 4
                focusPolicy: Qt.NoFocus
                leftPadding: row.toneKeyPadding
                rightPadding: row.toneKeyPadding
                fontSize: 20
                // The name goes on a second line rather than being cut, or away when there is no room.
                wrap: true
                text: row.named ? modelData.mark + " " + modelData.name : modelData.mark
                Accessible.name: modelData.name
                onClicked: row.apply(TypingViewModel.tone(row.before(), modelData.key))
            }
        }
        Item {
            Layout.row: 0
            Layout.column: row.tones.length
            Layout.preferredWidth: Theme.spacing / 2
            visible: row.oneLine
        }
        Repeater {
            model: row.letters
            delegate: KioskButton {
                required property string modelData
                required property int index
                objectName: "letter_" + modelData
                Layout.row: row.oneLine ? 0 : 1
                Layout.column: row.oneLine ? row.tones.length + 1 + index : index
                Layout.fillWidth: true
                Layout.fillHeight: true
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
