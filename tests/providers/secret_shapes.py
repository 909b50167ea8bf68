"""Secrets of a variable name's shape, as testers and newcomers typed them where the
variable's name goes (``token_env``/``password_env``): no message may quote one."""

from __future__ import annotations

SECRET_SHAPED = (
    "sk_live_51HxYzAbCdEfGhIjKlMnOpQr",
    "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6",
    "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "Summer2025Secret",
    "A1B2C3D4E5F6A7B8C9D0E1F2A3B4C5D6",
)
