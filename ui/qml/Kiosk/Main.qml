import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard
import QtQuick.VirtualKeyboard.Settings
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
    onClosing: (close) => close.accepted = allowClose

    header: KioskHeader {
        title: stack.currentItem ? stack.currentItem.title : ""
        canGoBack: stack.depth > 1
        onBackRequested: stack.pop()
        onHomeRequested: stack.pop(null)
    }

    // -- the screens, and how one leads to the next ---------------------

    function openConsultation(code) {
        var kind = HomeViewModel.kindOf(code)
        if (kind === "ideas") {
            IdeasViewModel.open(code)
            stack.push(ideasPage)
        } else if (kind === "vote") {
            VoteViewModel.open(code)
            stack.push(votePage)
        } else {
            ReaderViewModel.open(code)
            stack.push(readerPage)
        }
    }
    function editComment(nodeId) {
        FeedbackViewModel.edit(nodeId)
        stack.push(feedbackPage)
    }
    function showReceipt(code) {
        ReceiptViewModel.show(code)
        stack.push(receiptPage)
    }

    Component {
        id: homePage
        HomeScreen {
            onConsultationChosen: (code) => window.openConsultation(code)
            onCheckReceiptRequested: stack.push(statusPage)
            onResultsChosen: (code) => {
                ResultsViewModel.open(code)
                stack.push(resultsPage)
            }
        }
    }
    Component {
        id: readerPage
        ReaderScreen {
            onCommentRequested: (nodeId) => window.editComment(nodeId)
            onSearchRequested: stack.push(searchPage)
            onFinishRequested: stack.push(QuestionsViewModel.questions.count > 0 ? questionsPage : consentPage)
        }
    }
    Component {
        id: searchPage
        SearchScreen {
            onResultChosen: (nodeId) => {
                ReaderViewModel.openPage(nodeId)
                stack.pop()
            }
        }
    }
    Component {
        id: feedbackPage
        FeedbackScreen {
            onSaved: stack.pop()
            onCancelled: stack.pop()
        }
    }
    Component {
        id: questionsPage
        QuestionsScreen {
            onContinueRequested: stack.push(consentPage)
        }
    }
    Component {
        id: consentPage
        ConsentScreen {
            onContinueRequested: stack.push(reviewPage)
        }
    }
    Component {
        id: reviewPage
        ReviewScreen {
            onEditComment: (nodeId) => window.editComment(nodeId)
            onEditAnswers: stack.push(questionsPage)
            onEditDetails: stack.push(consentPage)
            onReadMore: stack.pop(stack.get(1))
        }
    }
    Component {
        id: receiptPage
        ReceiptScreen {
            onDone: KioskViewModel.endVisit()
        }
    }
    Component {
        id: ideasPage
        IdeasScreen {
            onNewIdeaRequested: {
                IdeaFormViewModel.start()
                stack.push(ideaFormPage)
            }
            onContinueRequested: stack.push(consentPage)
        }
    }
    Component {
        id: ideaFormPage
        IdeaFormScreen {
            onSaved: stack.pop()
            onCancelled: stack.pop()
        }
    }
    Component {
        id: votePage
        VoteScreen {
            onContinueRequested: stack.push(consentPage)
        }
    }
    Component {
        id: resultsPage
        ResultsScreen {}
    }
    Component {
        id: statusPage
        StatusScreen {}
    }
    Component {
        id: setupPage
        SetupWizardScreen {
            onFinished: stack.replace(null, homePage)
        }
    }
    Component {
        id: staffSignInPage
        StaffSignInScreen {}
    }

    StackView {
        id: stack
        objectName: "stack"
        anchors.fill: parent
        anchors.bottomMargin: inputPanel.active ? window.contentItem.height - toneRow.y : 0
        initialItem: KioskViewModel.setupNeeded ? setupPage : homePage
        // Instant page changes: no animation to wait for or be confused by.
        pushEnter: null
        pushExit: null
        popEnter: null
        popExit: null
        replaceEnter: null
        replaceExit: null
    }

    Connections {
        target: ReviewViewModel
        function onSent(code) {
            window.showReceipt(code)
        }
    }

    // -- the end of a visit: everything of the previous person goes --------

    Connections {
        target: KioskViewModel
        function onVisitEnded() {
            Qt.inputMethod.reset()
            Qt.inputMethod.hide()
            VirtualKeyboardSettings.userDataReset()
            stack.pop(null)
            stack.currentItem.reset()
            Theme.highContrast = false
            Theme.textStep = 0
            errorOverlay.visible = false
        }
        function onUnexpectedError() {
            errorOverlay.visible = true
        }
    }
    Connections {
        target: IdleViewModel
        function onTimedOut() {
            KioskViewModel.endVisit()
        }
    }
    Connections {
        target: AdminViewModel
        function onLeaveKioskMode() {
            window.allowClose = true
            window.close()
        }
        function onStaffSignInRequested() {
            var name = stack.currentItem ? stack.currentItem.objectName : ""
            if (name !== "staffSignInScreen" && !StaffViewModel.signedIn)
                stack.push(staffSignInPage)
        }
    }
    Connections {
        target: StaffViewModel
        function onKioskExitApproved() {
            window.allowClose = true
            window.close()
        }
    }
    Binding {
        target: IdleViewModel
        property: "atHome"
        value: stack.depth === 1
    }

    // -- the keyboard: Vietnamese (with Telex) or English, with the tone row --

    Binding {
        target: VirtualKeyboardSettings
        property: "locale"
        value: KioskViewModel.keyboardLocale
    }
    Component.onCompleted: {
        IdleViewModel.startAfterFirstFrame(window)
        VirtualKeyboardSettings.layoutPath = Qt.resolvedUrl("keyboard")
        VirtualKeyboardSettings.activeLocales = ["vi_VN", "en_US"]
    }

    ToneRow {
        id: toneRow
        objectName: "toneRow"
        z: 99
        x: inputPanel.x
        width: inputPanel.width
        y: inputPanel.y - height
        visible: inputPanel.active && usable
        target: window.activeFocusItem
    }

    InputPanel {
        id: inputPanel
        objectName: "inputPanel"
        z: 99
        // Narrower than a wide screen, so the keyboard leaves room for what is typed.
        width: Math.min(parent.width, 1000)
        x: (parent.width - width) / 2
        y: active ? parent.height - height : parent.height
    }

    // -- overlays ------------------------------------------------------

    IdleOverlay {
        parent: Overlay.overlay
        anchors.fill: parent
        z: 200
        visible: IdleViewModel.warning
    }
    ErrorOverlay {
        parent: Overlay.overlay
        id: errorOverlay
        anchors.fill: parent
        z: 300
        visible: false
        onFinished: KioskViewModel.endVisit()
    }
    PinPad {
        parent: Overlay.overlay
        anchors.fill: parent
        z: 400
        visible: AdminViewModel.pinPadOpen
    }
}
