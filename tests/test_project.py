"""The project's own health: migrations, settings, static files."""

import subprocess
import sys

from django.core.management import call_command


def test_every_model_change_has_a_migration(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_home_page_is_served_with_security_headers(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert b"<h1>Library</h1>" in response.content
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"


def _run_settings(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = _run_settings({"DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_deploy_check_is_clean_with_production_settings():
    env = {
        "DEBUG": "0",
        "SECRET_KEY": "k" * 20 + "-production-like-secret-key-with-enough-entropy-0123456789",
        "ALLOWED_HOSTS": "reader.example.org",
    }
    result = _run_settings(env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_a_bad_boolean_setting_fails_loudly():
    result = _run_settings({"DEBUG": "maybe"}, "check")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr
