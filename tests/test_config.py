import json

import pytest

from ticketcli.store import config


def test_set_show_use_profiles(run_cli, ticket_home):
    assert run_cli("config", "set", "contract", "№ 12-345")[0] == 0
    assert run_cli("config", "set", "domain", "Пример.рф", "--profile", "shop")[0] == 0
    code, out, _ = run_cli("config", "show", "--json")
    data = json.loads(out)
    assert data["profiles"]["default"]["contract"] == "12-345"
    assert data["profiles"]["shop"]["domain"] == "пример.рф"
    assert run_cli("config", "use", "shop")[0] == 0
    assert config.load().default == "shop"
    path = ticket_home / "config" / "config.toml"
    assert oct(path.stat().st_mode & 0o777) == "0o600"


def test_bad_settings_are_refused(run_cli):
    code, _, err = run_cli("config", "set", "colour", "red")
    assert code == 2 and "Unknown setting 'colour'" in err
    code, _, err = run_cli("config", "set", "contact_email", "not-an-address")
    assert code == 2 and "not an e-mail address" in err
    code, _, err = run_cli("config", "use", "ghost")
    assert code == 3 and "No profile named 'ghost'" in err


@pytest.mark.unconfigured
def test_malformed_toml_is_one_line(run_cli, ticket_home):
    path = ticket_home / "config" / "config.toml"
    path.parent.mkdir(parents=True)
    path.write_text("[profiles.default\ncontract = ")
    code, _, err = run_cli("config", "show")
    assert code == 6 and "not valid TOML" in err and "Traceback" not in err
    path.write_text('[profiles.default]\npassword = "hunter2"\n')
    code, _, err = run_cli("new", "--type", "other", "--no-input")
    assert code == 6 and "Unknown setting 'password'" in err and "hunter2" not in err


def test_no_secret_settings_exist():
    assert not any(word in key for key in config.SETTINGS for word in ("password", "token", "secret"))
