"""How the platform shows a buyer's name and phone number to the seller and on labels (desensitised)."""

from __future__ import annotations


def mask_name(name: str) -> str:
    """Desensitized like the platform does for its own logistics (GUESS on the exact pattern): "B*** S***"."""
    return " ".join(w[0] + "***" for w in name.split() if w)


def phone(number: str, masked: bool) -> str:
    """ "+6281234567890" -> "(+62)81234567890", or masked "(+62)812****7890" (pattern of the official example)."""
    digits = number.removeprefix("+62")
    if masked and len(digits) > 7:
        digits = digits[:3] + "****" + digits[-4:]
    return f"(+62){digits}"
