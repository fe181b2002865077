import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Kiosk
import Kiosk.ViewModels

// The results of a closed consultation: the same headings, sentences and tables
// as the notice-board poster, and a QR code to the full report.
Page {
    id: page
    readonly property bool narrow: width < 1000  // smaller figures and QR code: the text keeps its words
    objectName: "resultsScreen"
    title: qsTr("Results")
    background: Rectangle { color: Theme.background }

    Item {
        anchors.fill: parent

        ScrollPage {
            id: scroll
            objectName: "resultsView"
            anchors.left: parent.left
            anchors.top: parent.top
            anchors.bottom: parent.bottom
            anchors.right: qrColumn.visible ? qrColumn.left : parent.right

            Label {
                objectName: "resultsHeading"
                width: parent.width
                text: ResultsViewModel.heading
                color: Theme.primary
                font.pixelSize: Theme.headingSize
                font.weight: Font.Bold
                wrapMode: Text.Wrap
            }
            Label {
                width: parent.width
                text: ResultsViewModel.title
                color: Theme.text
                font.pixelSize: Theme.titleSize
                font.weight: Font.Bold
                wrapMode: Text.Wrap
            }
            Label {
                width: parent.width
                text: ResultsViewModel.agency + (ResultsViewModel.period !== "" ? " · " + ResultsViewModel.period : "")
                color: Theme.mutedText
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            Label {
                objectName: "resultsError"
                width: parent.width
                visible: ResultsViewModel.errorMessage !== ""
                text: ResultsViewModel.errorMessage
                color: Theme.danger
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
            Repeater {
                model: ResultsViewModel.summary
                delegate: Label {
                    required property int index
                    required property string modelData
                    objectName: "resultsSummary_" + index
                    width: parent.width
                    text: modelData
                    color: Theme.text
                    font.pixelSize: Theme.bodySize
                    wrapMode: Text.Wrap
                }
            }
            Repeater {
                model: ResultsViewModel.tables
                delegate: Column {
                    id: table
                    required property int index
                    required property var modelData
                    readonly property var figureColumns: modelData.columns.slice(2)
                    width: parent.width
                    spacing: Theme.spacing / 2
                    Label {
                        width: parent.width
                        topPadding: Theme.spacing / 2
                        text: table.modelData.heading
                        color: Theme.text
                        font.pixelSize: Theme.titleSize
                        font.weight: Font.Bold
                        wrapMode: Text.Wrap
                    }
                    Repeater {
                        model: table.modelData.rows
                        delegate: Rectangle {
                            id: row
                            required property int index
                            required property var modelData
                            objectName: "resultRow_" + table.index + "_" + index
                            width: table.width
                            height: rowContent.implicitHeight + Theme.spacing * 1.5
                            radius: Theme.radius
                            color: Theme.surface
                            border.width: 2
                            border.color: Theme.border
                            RowLayout {
                                id: rowContent
                                x: Theme.spacing
                                y: Theme.spacing * 0.75
                                width: row.width - Theme.spacing * 2
                                spacing: Theme.spacing
                                ColumnLayout {
                                    Layout.fillWidth: true
                                    spacing: 2
                                    Label {
                                        Layout.fillWidth: true
                                        text: row.modelData.label !== "" ? row.modelData.label + ". " + row.modelData.text : row.modelData.text
                                        color: Theme.text
                                        font.pixelSize: Theme.bodySize
                                        font.weight: Font.DemiBold
                                        wrapMode: Text.Wrap
                                    }
                                    Label {
                                        Layout.fillWidth: true
                                        visible: row.modelData.detail !== ""
                                        text: row.modelData.detail
                                        color: Theme.mutedText
                                        font.pixelSize: Theme.smallSize
                                        wrapMode: Text.Wrap
                                    }
                                }
                                Repeater {
                                    model: row.modelData.figures
                                    delegate: Column {
                                        id: figure
                                        required property int index
                                        required property string modelData
                                        Layout.preferredWidth: Math.round((page.narrow ? 100 : 150) * Theme.textScale)
                                        Layout.alignment: Qt.AlignTop
                                        Label {
                                            objectName: "resultFigure_" + table.index + "_" + row.index + "_" + figure.index
                                            width: parent.width
                                            horizontalAlignment: Text.AlignHCenter
                                            text: figure.modelData
                                            color: Theme.selected
                                            font.pixelSize: Theme.titleSize
                                            font.weight: Font.Bold
                                        }
                                        Label {
                                            width: parent.width
                                            horizontalAlignment: Text.AlignHCenter
                                            text: table.figureColumns[figure.index] || ""
                                            color: Theme.mutedText
                                            font.pixelSize: Theme.smallSize
                                            wrapMode: Text.Wrap
                                        }
                                    }
                                }
                            }
                        }
                    }
                    Label {
                        width: parent.width
                        visible: table.modelData.note !== ""
                        text: table.modelData.note
                        color: Theme.mutedText
                        font.pixelSize: Theme.smallSize
                        wrapMode: Text.Wrap
                    }
                }
            }
            Label {
                width: parent.width
                text: ResultsViewModel.reportHint
                color: Theme.text
                font.pixelSize: Theme.bodySize
                wrapMode: Text.Wrap
            }
        }

        ColumnLayout {
            id: qrColumn
            anchors.top: parent.top
            anchors.right: parent.right
            anchors.topMargin: Theme.spacing * 2
            anchors.rightMargin: Theme.spacing * 2
            width: page.narrow ? 180 : 260
            spacing: Theme.spacing / 2
            visible: ResultsViewModel.qrSource !== ""
            Rectangle {
                Layout.preferredWidth: qrColumn.width
                Layout.preferredHeight: qrColumn.width
                color: "white"  // a QR code needs its light quiet zone in every theme
                radius: Theme.radius
                Image {
                    objectName: "resultsQr"
                    anchors.fill: parent
                    anchors.margins: 8
                    source: ResultsViewModel.qrSource
                    fillMode: Image.PreserveAspectFit
                    smooth: false
                    cache: false
                }
            }
            Label {
                Layout.fillWidth: true
                text: ResultsViewModel.qrCaption
                color: Theme.text
                font.pixelSize: Theme.smallSize
                wrapMode: Text.Wrap
                horizontalAlignment: Text.AlignHCenter
            }
        }
    }
}
