import QtQuick
import QtQuick.VirtualKeyboard as VKB
import Kiosk.ViewModels

// Telex on the Vietnamese keyboard: "aa" → â, "dd" → đ, "s" after a vowel → sắc…
// Each key asks kiosk.telex (through TypingViewModel) what the word before the
// cursor becomes, and commits the replacement; other keys go on as usual.
VKB.InputMethod {
    function inputModes(locale) {
        return [VKB.InputEngine.InputMode.Latin]
    }
    function setInputMode(locale, inputMode) {
        return true
    }
    function setTextCase(textCase) {
        return true
    }
    function reset() {
    }
    function update() {
    }
    function selectionLists() {
        return []
    }
    function keyEvent(key, text, modifiers) {
        if (text.length !== 1)
            return false
        var before = inputContext.surroundingText.substring(0, inputContext.cursorPosition)
        var replacement = TypingViewModel.telex(before, text)
        if (replacement.length !== 2)
            return false
        inputContext.commit(replacement[1], -replacement[0], replacement[0])
        return true
    }
}
