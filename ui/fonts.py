"""Chinese needs a CJK font; without one Qt draws boxes. Find one, or say what to install."""
from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

# Fonts we know cover Chinese, best first (Debian packages fonts-noto-cjk, fonts-wqy-zenhei).
PREFERRED = ("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "Source Han Sans SC", "Microsoft YaHei", "SimSun", "PingFang SC")
INSTALL_HINT = "未找到中文字体，中文会显示为方框。请安装字体，例如：sudo apt-get install fonts-noto-cjk"


def check_cjk_font() -> str | None:
    """Pick a Chinese font for the app; return a message when there is none."""
    from PySide6.QtWidgets import QApplication

    families = set(QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese))
    for name in PREFERRED:
        if name in families:
            font = QFont(name)
            font.setPointSize(max(QApplication.font().pointSize(), 10))
            QApplication.setFont(font)
            return None
    if families:
        QApplication.setFont(QFont(sorted(families)[0]))
        return None
    return INSTALL_HINT
