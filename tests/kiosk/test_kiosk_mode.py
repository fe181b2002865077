from kiosk.kiosk_mode import IDLE_SECONDS_DEFAULT, CornerTaps, admin_pin_set, check_admin_pin, hash_pin, idle_seconds


def test_idle_seconds_come_from_the_settings_with_a_safe_default(store):
    assert idle_seconds(store) == IDLE_SECONDS_DEFAULT
    store.set_setting("idle_seconds", "45")
    assert idle_seconds(store) == 45
    for bad in ("soon", "0", "-5"):
        store.set_setting("idle_seconds", bad)
        assert idle_seconds(store) == IDLE_SECONDS_DEFAULT


def test_the_admin_pin_is_checked_against_its_scrypt_hash(store):
    assert not admin_pin_set(store)
    assert not check_admin_pin(store, "")
    store.set_setting("admin_pin_hash", hash_pin("482913"))
    assert admin_pin_set(store)
    assert check_admin_pin(store, "482913")
    assert not check_admin_pin(store, "482914")


def test_an_unreadable_pin_hash_lets_nobody_in(store):
    for stored in ("482913", "scrypt$x$8$1$00$00", "md5$1$2$3$4$5"):
        store.set_setting("admin_pin_hash", stored)
        assert not check_admin_pin(store, "482913")


def test_hashes_are_salted():
    assert hash_pin("1234") != hash_pin("1234")


def test_five_taps_within_three_seconds_open_the_pin_pad():
    taps = CornerTaps()
    assert not any(taps.tap(t) for t in (0.0, 0.5, 1.0, 1.5))
    assert taps.tap(2.0)
    assert not any(taps.tap(t) for t in (10.0, 11.0, 12.0, 13.0))  # starts over after a success
    assert not taps.tap(14.5)  # 10.0 and 11.0 are now too old: three taps count
    assert not taps.tap(14.6)
    assert taps.tap(14.7)
