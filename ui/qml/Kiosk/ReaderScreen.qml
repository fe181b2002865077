import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The draft: its table of contents on the left, one article at a time on the right.
// On a portrait or narrow screen the contents slide in from the left (a drawer), so the
// article keeps the whole width.
Page {
    id: page
    objectName: "readerScreen"
    title: ReaderViewModel.title
    readonly property bool narrow: width < 1000 || height > width
    // The view-model's lists; Screens.qml's warm-up gives a made-up row of each instead.
    property var tocModel: ReaderViewModel.toc
    property var blocksModel: ReaderViewModel.blocks
    signal commentRequested(int nodeId)
    signal searchRequested()
    signal finishRequested()
    background: Rectangle { color: Theme.background }

    Connections {
        target: ReaderViewModel
        function onPageChanged() {
            article.contentY = 0
            toc.positionViewAtIndex(Math.max(0, page.currentTocIndex()), ListView.Contain)
        }
    }
    function currentTocIndex() {
        for (var i = 0; i < toc.count; i++) {
            if (toc.itemAtIndex(i) && toc.itemAtIndex(i).current)
                return i
        }
        return -1
    }

    Drawer {
        id: tocDrawer
        objectName: "tocDrawer"
        edge: Qt.LeftEdge
        width: Math.min(page.width * 0.85, 520)
        height: parent ? parent.height : 0
        interactive: false  // opened by its button only: an edge swipe would reach it from every screen
        background: Rectangle { color: Theme.background }
        Item {
            id: drawerSlot
            anchors.fill: parent
            anchors.margins: Theme.spacing
        }
    }
    Connections {
        target: ReaderViewModel
        function onPageChanged() {
            tocDrawer.close()
        }
    }

    RowLayout {
        anchors.fill: parent
        anchors.margins: Theme.spacing
        spacing: Theme.spacing

        Item {
            id: tocSlot
            visible: !page.narrow
            Layout.preferredWidth: Math.min(400, page.width * 0.32)
            Layout.fillHeight: true
        }

        // Table of contents: chapters as headings, articles as targets.
        Rectangle {
            parent: page.narrow ? drawerSlot : tocSlot
            anchors.fill: parent
            color: Theme.surface
            radius: Theme.radius
            border.width: 2
            border.color: Theme.border
            ColumnLayout {
                anchors.fill: parent
                anchors.margins: Theme.spacing / 2
                spacing: Theme.spacing / 2
                Label {
                    Layout.fillWidth: true
                    Layout.leftMargin: Theme.spacing / 2
                    text: qsTr("Contents")
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    font.weight: Font.Bold
                }
                ListView {
                    id: toc
                    objectName: "tocList"
                    Layout.fillWidth: true
                    Layout.fillHeight: true
                    clip: true
                    spacing: 4
                    boundsBehavior: Flickable.StopAtBounds
                    model: page.tocModel
                    ScrollIndicator.vertical: ScrollIndicator { active: true }
                    delegate: Loader {
                        id: entry
                        required property int nodeId
                        required property string label
                        required property int level
                        required property bool isPage
                        required property bool current
                        required property bool commented
                        width: ListView.view.width
                        sourceComponent: isPage ? pageEntry : headingEntry
                        Component {
                            id: headingEntry
                            Label {
                                topPadding: Theme.spacing / 2
                                leftPadding: Theme.spacing / 2 + entry.level * 16
                                rightPadding: Theme.spacing / 2
                                text: entry.label
                                color: Theme.mutedText
                                font.pixelSize: Theme.smallSize
                                font.weight: Font.Bold
                                wrapMode: Text.Wrap
                            }
                        }
                        Component {
                            id: pageEntry
                            ItemDelegate {
                                objectName: "toc_" + entry.nodeId
                                implicitHeight: Math.max(Theme.touchTarget, entryLabel.implicitHeight + 16)
                                leftPadding: Theme.spacing / 2 + entry.level * 16
                                rightPadding: Theme.spacing / 2
                                highlighted: entry.current
                                onClicked: ReaderViewModel.openPage(entry.nodeId)
                                background: Rectangle {
                                    radius: 8
                                    color: entry.current ? Theme.selected : parent.down ? Theme.pressed : "transparent"
                                }
                                contentItem: RowLayout {
                                    spacing: 8
                                    Label {
                                        id: entryLabel
                                        Layout.fillWidth: true
                                        text: entry.label
                                        color: entry.current ? Theme.selectedText : Theme.text
                                        font.pixelSize: Theme.smallSize
                                        wrapMode: Text.Wrap
                                    }
                                    // A comment was written on this article in this visit.
                                    Rectangle {
                                        visible: entry.commented
                                        Layout.preferredWidth: 14
                                        Layout.preferredHeight: 14
                                        radius: 7
                                        color: entry.current ? Theme.selectedText : Theme.done
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }

        // The article.
        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: Theme.spacing / 2

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing / 2
                KioskButton {
                    objectName: "tocButton"
                    visible: page.narrow
                    text: qsTr("Contents")
                    onClicked: tocDrawer.open()
                }
                Label {
                    Layout.fillWidth: true
                    text: ReaderViewModel.pageCount > 0
                          ? qsTr("Article %1 of %2").arg(ReaderViewModel.pageNumber).arg(ReaderViewModel.pageCount) : ""
                    color: Theme.mutedText
                    font.pixelSize: Theme.smallSize
                    wrapMode: Text.WordWrap
                }
                KioskButton {
                    objectName: "searchButton"
                    Layout.fillWidth: true
                    Layout.maximumWidth: fitWidth
                    text: qsTr("Search the draft")
                    onClicked: page.searchRequested()
                }
                KioskButton {
                    objectName: "readAloudButton"
                    Layout.fillWidth: true
                    Layout.maximumWidth: fitWidth
                    visible: SpeechViewModel.available
                    text: SpeechViewModel.speaking ? qsTr("Stop reading") : qsTr("Read aloud")
                    onClicked: SpeechViewModel.speaking ? SpeechViewModel.stop() : SpeechViewModel.say(ReaderViewModel.pageSpeech)
                }
            }

            Rectangle {
                Layout.fillWidth: true
                Layout.fillHeight: true
                color: Theme.surface
                radius: Theme.radius
                border.width: 2
                border.color: Theme.border
                Flickable {
                    id: article
                    objectName: "articleView"
                    anchors.fill: parent
                    anchors.margins: 2
                    clip: true
                    contentWidth: width
                    contentHeight: articleBody.implicitHeight + Theme.spacing * 3
                    boundsBehavior: Flickable.StopAtBounds
                    ScrollIndicator.vertical: ScrollIndicator { active: true }
                    ColumnLayout {
                        id: articleBody
                        x: Theme.spacing * 1.5
                        y: Theme.spacing * 1.5
                        width: article.width - Theme.spacing * 3
                        spacing: Theme.spacing / 2
                        Label {
                            Layout.fillWidth: true
                            visible: text !== ""
                            text: ReaderViewModel.pagePath
                            color: Theme.mutedText
                            font.pixelSize: Theme.smallSize
                            wrapMode: Text.Wrap
                        }
                        Label {
                            objectName: "articleHeading"
                            Layout.fillWidth: true
                            text: ReaderViewModel.pageHeading
                            color: Theme.text
                            font.pixelSize: Theme.titleSize
                            font.weight: Font.Bold
                            wrapMode: Text.Wrap
                            lineHeight: 1.15
                        }
                        Repeater {
                            model: page.blocksModel
                            delegate: Label {
                                required property int level
                                required property string marker
                                required property string body
                                Layout.fillWidth: true
                                leftPadding: Math.max(0, level - 1) * 40
                                text: marker ? marker + " " + body : body
                                color: Theme.text
                                font.pixelSize: Theme.readingSize
                                wrapMode: Text.Wrap
                                lineHeight: 1.25
                            }
                        }
                    }
                }
            }

            RowLayout {
                Layout.fillWidth: true
                spacing: Theme.spacing / 2
                KioskButton {
                    objectName: "previousButton"
                    Layout.fillWidth: true
                    Layout.maximumWidth: fitWidth
                    enabled: ReaderViewModel.hasPrevious
                    text: qsTr("‹ Previous")
                    onClicked: ReaderViewModel.previous()
                }
                KioskButton {
                    objectName: "nextButton"
                    Layout.fillWidth: true
                    Layout.maximumWidth: fitWidth
                    enabled: ReaderViewModel.hasNext
                    text: qsTr("Next ›")
                    onClicked: ReaderViewModel.next()
                }
                Item { Layout.fillWidth: true; Layout.minimumWidth: 0 }
                KioskButton {
                    objectName: "commentButton"
                    Layout.fillWidth: true
                    Layout.maximumWidth: fitWidth
                    primary: true
                    enabled: ReaderViewModel.pageId >= 0
                    text: ReaderViewModel.pageCommented ? qsTr("Change my comment") : qsTr("Comment on this article")
                    onClicked: page.commentRequested(ReaderViewModel.pageId)
                }
                KioskButton {
                    objectName: "finishButton"
                    Layout.fillWidth: true
                    Layout.maximumWidth: fitWidth
                    text: ReviewViewModel.itemCount > 0 ? qsTr("Finish and send (%1)").arg(ReviewViewModel.itemCount) : qsTr("Finish")
                    onClicked: page.finishRequested()
                }
            }
        }
    }
}
