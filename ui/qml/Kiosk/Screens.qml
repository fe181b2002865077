import QtQuick
import QtQuick.Controls
import QtQuick.VirtualKeyboard.Settings
import Kiosk
import Kiosk.ViewModels

// Every screen but home, how one leads to the next, and the overlays. Main.qml
// loads this right after the home screen's first frame, so compiling it never
// delays that frame; Main.screens() loads it at once if something needs it sooner.
Item {
    id: screens
    required property StackView stack
    required property ApplicationWindow window
    required property Component homePage
    required property Item inputPanel
    readonly property real keyboardTop: toneRow.y  // the tone row sits on the keyboard
    property bool errorShown: false  // the calm "please ask the staff" screen

    function openSetup() {
        stack.replace(null, setupPage)
    }
    function openStatus() {
        stack.push(statusPage)
    }
    function openResults(code) {
        ResultsViewModel.open(code)
        stack.push(resultsPage)
    }
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
        // Stored, and the visit emptied: the receipt replaces every screen above home,
        // so no way back leads into a review that would seem to say nothing was sent.
        if (stack.depth > 1)
            stack.replace(stack.get(1), receiptPage)
        else
            stack.push(receiptPage)
    }

    Component {
        id: readerPage
        ReaderScreen {
            onCommentRequested: (nodeId) => screens.editComment(nodeId)
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
            onEditComment: (nodeId) => screens.editComment(nodeId)
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
            onFinished: stack.replace(null, screens.homePage)
        }
    }
    Component {
        id: staffSignInPage
        StaffSignInScreen {}
    }

    Connections {
        target: ReviewViewModel
        function onSent(code) {
            screens.showReceipt(code)
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

    // -- the first visitor's screens, built once while the kiosk is idle -----
    // QML's first instance of a screen costs more than the next ones: each screen a visitor
    // meets first after "open" and "send" is made once, in small steps between frames
    // (asynchronous incubation), and destroyed as soon as it is complete (10–30 ms each,
    // about 1.5 s after the start). The copies have no parent: they are in no window, so
    // they are never drawn, touched, given focus or seen by a screen reader. Making a screen
    // is what warms it (bindings, layouts, text): its type is already compiled with this file.
    // Screens with text fields are left out all the same.
    property int warmedScreens: 0  // how many copies were made and destroyed (the tests read it)
    // The reader's rows are made once too, from a made-up heading, article and paragraph.
    ListModel {
        id: warmToc
        ListElement { nodeId: -1; label: "Chương I. Quy định chung"; level: 0; isPage: false; current: false; commented: false }
        ListElement { nodeId: -2; label: "Điều 1. Phạm vi điều chỉnh"; level: 1; isPage: true; current: true; commented: true }
    }
    ListModel {
        id: warmBlocks
        ListElement { level: 1; marker: "1."; body: "Quy chế này quy định việc quản lý, sử dụng và bảo vệ." }
    }
    property var warmQueue: [readerPage, reviewPage, receiptPage]
    function warmNext() {
        if (warmQueue.length === 0)
            return
        var component = warmQueue.shift()
        var properties = component === readerPage ? { visible: false, tocModel: warmToc, blocksModel: warmBlocks } : { visible: false }
        var incubator = component.incubateObject(null, properties, Qt.Asynchronous)
        var finish = function () {
            if (incubator.object)
                incubator.object.destroy()
            screens.warmedScreens += 1
            warmTimer.interval = 50
            warmTimer.start()
        }
        if (incubator.status === Component.Loading)
            incubator.onStatusChanged = (status) => { if (status !== Component.Loading) finish() }
        else
            finish()
    }
    Timer {
        id: warmTimer
        interval: 1000  // after the first frame's other work: loading these screens, the speech engines
        running: true
        onTriggered: screens.warmNext()
    }

    // -- the on-screen keyboard: Vietnamese (with Telex) or English ----------
    // Set here, not with the window: only these screens have fields to type in,
    // and reading the keyboard's layouts would delay the home screen's first frame.

    Binding {
        target: VirtualKeyboardSettings
        property: "locale"
        value: KioskViewModel.keyboardLocale
    }
    Component.onCompleted: {
        VirtualKeyboardSettings.layoutPath = Qt.resolvedUrl("keyboard")
        VirtualKeyboardSettings.activeLocales = ["vi_VN", "en_US"]
    }
    Connections {
        target: KioskViewModel
        function onVisitEnded() {
            VirtualKeyboardSettings.userDataReset()  // the words it learnt from this visitor
        }
    }

    // -- the tone and letter keys above the on-screen keyboard ---------------
    ToneRow {
        id: toneRow
        parent: screens.window.contentItem
        objectName: "toneRow"
        z: 99
        x: inputPanel.x
        width: inputPanel.width
        y: inputPanel.y - height
        visible: inputPanel.active && usable
        target: screens.window.activeFocusItem
    }

    // -- overlays ------------------------------------------------------------

    IdleOverlay {
        parent: Overlay.overlay
        anchors.fill: parent
        z: 200
        visible: IdleViewModel.warning
    }
    ErrorOverlay {
        parent: Overlay.overlay
        anchors.fill: parent
        z: 300
        visible: screens.errorShown
        onFinished: KioskViewModel.endVisit()
    }
    PinPad {
        parent: Overlay.overlay
        anchors.fill: parent
        z: 400
        visible: AdminViewModel.pinPadOpen
    }
}
