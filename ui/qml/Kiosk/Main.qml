import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard
import Kiosk
import Kiosk.ViewModels

ApplicationWindow {
    id: window
    objectName: "mainWindow"
    width: 1280
    height: 800
    title: qsTr("Gópý Kiosk")
    color: Theme.background
    font.pixelSize: Theme.controlSize

    // The kiosk cannot be closed by Alt+F4 or the window manager; leaving
    // kiosk mode is an administrator's action.
    property bool allowClose: false
    property bool frameless: false  // full screen: no title bar, whether or not a window manager answers
    flags: frameless ? Qt.Window | Qt.FramelessWindowHint : Qt.Window
    onClosing: (close) => close.accepted = allowClose

    // Not the window's header: its height follows the screen (one row or two) as soon as it changes.
    KioskHeader {
        id: header
        objectName: "header"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        height: implicitHeight
        z: 1
        title: stack.currentItem ? stack.currentItem.title : ""
        // Typing on a short screen: one row, so the field and its buttons stay above the keyboard.
        compact: inputPanel.active && window.height < 1000
        // A screen that ends the visit (the receipt) is left by its own "Done" only.
        canGoBack: stack.depth > 1 && !(stack.currentItem && stack.currentItem.endsVisit === true)
        onBackRequested: stack.pop()
        onHomeRequested: stack.pop(null)
    }

    // -- the screens ------------------------------------------------------
    // Home is compiled with the window; every other screen, the overlays and
    // the staff's connections come from Screens.qml, loaded right after the
    // first frame (or at once, when something needs them sooner).

    function screens() {
        if (screensLoader.status !== Loader.Ready)
            screensLoader.setSource(Qt.resolvedUrl("Screens.qml"), { stack: stack, window: window, homePage: homePage, inputPanel: inputPanel })
        return screensLoader.item
    }
    readonly property bool screensReady: screensLoader.status === Loader.Ready
    Loader {
        id: screensLoader
        objectName: "screens"
    }

    Component {
        id: homePage
        HomeScreen {
            onConsultationChosen: (code) => window.screens().openConsultation(code)
            onCheckReceiptRequested: window.screens().openStatus()
            onResultsChosen: (code) => window.screens().openResults(code)
        }
    }

    StackView {
        id: stack
        objectName: "stack"
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: header.bottom
        anchors.bottom: parent.bottom
        anchors.bottomMargin: inputPanel.active && window.screensReady ? window.contentItem.height - screensLoader.item.keyboardTop : 0
        initialItem: KioskViewModel.setupNeeded ? null : homePage
        // Instant page changes: no animation to wait for or be confused by.
        pushEnter: null
        pushExit: null
        popEnter: null
        popExit: null
        replaceEnter: null
        replaceExit: null
    }

    // -- the end of a visit: everything of the previous person goes --------

    Connections {
        target: KioskViewModel
        function onVisitEnded() {
            Qt.inputMethod.reset()
            Qt.inputMethod.hide()
            stack.pop(null)
            stack.currentItem.reset()
            Theme.highContrast = false
            Theme.textStep = 0
            window.screens().errorShown = false
        }
        function onUnexpectedError() {
            window.screens().errorShown = true
        }
        function onFirstFrameShown() {
            window.screens()
            IdleViewModel.start()
            SpeechViewModel.probe()  // slow engines are built on a thread of their own
        }
    }
    Connections {
        target: IdleViewModel
        function onTimedOut() {
            KioskViewModel.endVisit()
        }
    }
    Binding {
        target: IdleViewModel
        property: "atHome"
        value: stack.depth === 1
    }

    // -- the keyboard: its panel only; Screens.qml sets its languages and adds the tone row --

    Component.onCompleted: {
        KioskViewModel.watchFirstFrame(window)
        if (KioskViewModel.setupNeeded)
            window.screens().openSetup()  // a new kiosk starts on the setup wizard
    }

    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        z: 99
        // Narrower than a wide screen, and on a short one narrower still (a keyboard's height
        // follows its width), so the keyboard leaves room for what is typed.
        width: Math.min(parent.width, 1000, Math.round(parent.height * 1.15))
        x: (parent.width - width) / 2
        y: active ? parent.height - height : parent.height
    }
}
