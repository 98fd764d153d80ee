"""The typed environment helpers refuse bad values with a message naming the variable."""

import pytest

from config.env import ConfigError, database_from_url, env_bool, env_int, env_ints, env_list, env_str, redis_from_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1", True), ("true", True), ("YES", True), ("on", True), ("0", False), ("off", False), ("", False)],
)
def test_it_reads_yes_no_values(raw, expected):
    assert env_bool("DEBUG", environ={"DEBUG": raw}) is expected


def test_it_refuses_a_muddled_boolean():
    with pytest.raises(ConfigError, match=r"DEBUG='maybe' is not a yes/no value"):
        env_bool("DEBUG", environ={"DEBUG": "maybe"})


def test_it_uses_the_default_when_unset():
    assert env_bool("DEBUG", True, environ={}) is True
    assert env_int("PORT", 8000, environ={}) == 8000
    assert env_list("ALLOWED_HOSTS", ["a"], environ={}) == ["a"]


def test_it_refuses_a_non_number_and_a_number_below_the_minimum():
    with pytest.raises(ConfigError, match="PORT='eighty' is not a whole number"):
        env_int("PORT", 1, environ={"PORT": "eighty"})
    with pytest.raises(ConfigError, match="below the minimum of 256"):
        env_int("WEBSOCKET_MAX_MESSAGE_BYTES", 8192, environ={"WEBSOCKET_MAX_MESSAGE_BYTES": "3"}, minimum=256)


def test_it_reads_a_fixed_number_of_bounded_whole_numbers():
    assert env_ints("LIVE_GC_THRESHOLDS", (1, 2, 3), environ={}) == (1, 2, 3)
    assert env_ints("LIVE_GC_THRESHOLDS", (1, 2, 3), environ={"LIVE_GC_THRESHOLDS": " 700, 10 ,10 "}) == (700, 10, 10)


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("700,10", "must be 3 whole numbers separated by commas"),
        ("700,10,10,10", "must be 3 whole numbers separated by commas"),
        ("700,ten,10", "'ten' is not a whole number from 1 to 10,000,000"),
        ("700,-1,10", "'-1' is not a whole number"),
        ("700,\u00b2,10", "'\u00b2' is not a whole number"),  # a digit to str.isdigit, not to int()
        ("700,0,10", "0 is not from 1 to 10,000,000"),
        ("700,10,10000001", "10000001 is not from 1 to 10,000,000"),
        ("9" * 400 + ",1,1", "is not a whole number from 1 to 10,000,000"),
    ],
)
def test_it_refuses_the_wrong_count_or_an_unbounded_number(raw, message):
    with pytest.raises(ConfigError, match=message):
        env_ints("LIVE_GC_THRESHOLDS", (1, 2, 3), environ={"LIVE_GC_THRESHOLDS": raw})


def test_it_splits_lists_and_drops_blanks():
    assert env_list("ALLOWED_HOSTS", [], environ={"ALLOWED_HOSTS": "a.org, b.org,,"}) == ["a.org", "b.org"]


def test_it_reads_secrets_from_a_file(tmp_path):
    secret = tmp_path / "key"
    secret.write_text("s3cret-from-file\n")
    assert env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(secret)}) == "s3cret-from-file"


def test_it_names_an_unreadable_secret_file(tmp_path):
    with pytest.raises(ConfigError, match="SECRET_KEY_FILE: cannot read"):
        env_str("SECRET_KEY", environ={"SECRET_KEY_FILE": str(tmp_path / "missing")})


def test_it_parses_a_postgres_url():
    db = database_from_url("postgres://nec:p%40ss@db.internal:5433/nec?sslmode=require")
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["USER"], db["PASSWORD"], db["HOST"], db["PORT"], db["NAME"]) == (
        "nec",
        "p@ss",
        "db.internal",
        "5433",
        "nec",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}
    assert db["CONN_MAX_AGE"] == 0  # never kept per thread under ASGI


def test_a_pooled_postgres_url_bounds_the_pool_and_keeps_its_options():
    db = database_from_url("postgres://nec@db/nec?sslmode=require", pool_max=7)
    assert db["OPTIONS"] == {"sslmode": "require", "pool": {"min_size": 1, "max_size": 7, "timeout": 10}}
    assert db["CONN_MAX_AGE"] == 0  # Django refuses a pool with persistent connections


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql://u@h/db", "unsupported scheme 'mysql'"),
        ("postgres://u@h:5432/", "no database name"),
        ("postgres://u@h:port/db", "the port is not a number"),
        ("nonsense", r"unsupported scheme '\(none\)'"),
    ],
)
def test_it_refuses_bad_database_urls(url, message):
    with pytest.raises(ConfigError, match=message):
        database_from_url(url)


def test_it_accepts_a_sqlite_url():
    assert database_from_url("sqlite:////var/lib/nec/db.sqlite3")["NAME"] == "/var/lib/nec/db.sqlite3"


@pytest.mark.parametrize(("url", "message"), [("http://x", "unsupported scheme 'http'"), ("redis://", "no host")])
def test_it_refuses_bad_redis_urls(url, message):
    with pytest.raises(ConfigError, match=message):
        redis_from_url(url)
