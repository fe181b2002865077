import QtQuick
import QtQuick.Layouts

// Who is giving the feedback (kiosk.domain.ContributorType), as the drafting agency's legal report names
// them: one-tap choices, as many in a row as fit at full width, the rows balanced (5, or 3 + 2, or 2 + 2 + 1).
// Tapping the chosen one again takes it back: the view model decides, this only shows and reports taps.
GridLayout {
    id: grid
    property var values: []  // the ContributorType values, in the report's order
    property string chosen: ""
    property string namePrefix: "contributor_"
    signal choose(string value)

    property real widest: Theme.touchTarget
    readonly property int fitting: Math.max(1, Math.min(repeater.count, Math.floor((width + columnSpacing) / (widest + columnSpacing))))
    columns: repeater.count > 0 ? Math.ceil(repeater.count / Math.ceil(repeater.count / fitting)) : 1
    rowSpacing: Theme.spacing / 2
    columnSpacing: Theme.spacing / 2

    function label(value) {
        return value === "individual" ? qsTr("Individual")
             : value === "organisation" ? qsTr("Organisation")
             : value === "business" ? qsTr("Business")
             : value === "expert" ? qsTr("Expert")
             : value === "state_agency" ? qsTr("State agency") : value
    }
    function measure() {
        var most = Theme.touchTarget
        for (var i = 0; i < repeater.count; i++) {
            var choice = repeater.itemAt(i)
            if (choice)
                most = Math.max(most, Math.ceil(choice.implicitWidth))
        }
        grid.widest = most
    }

    Repeater {
        id: repeater
        model: grid.values
        onItemAdded: grid.measure()
        delegate: ChoiceButton {
            required property string modelData
            objectName: grid.namePrefix + modelData
            Layout.fillWidth: true
            Layout.fillHeight: true
            Layout.preferredWidth: 1
            chosen: grid.chosen === modelData
            text: grid.label(modelData)
            onClicked: grid.choose(modelData)
            onImplicitWidthChanged: grid.measure()
        }
    }
}
