"""kb/ is the core: it must import and work with Qt unavailable."""
import subprocess
import sys

from conftest import ROOT

SCRIPT = """
import importlib, pkgutil, sys
class BlockQt:
    def find_spec(self, name, path=None, target=None):
        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):
            raise ImportError('Qt is blocked: ' + name)
sys.meta_path.insert(0, BlockQt())
import kb
names = [m.name for m in pkgutil.walk_packages(kb.__path__, 'kb.')]
for name in names:
    importlib.import_module(name)
print(len(names))
"""


def test_every_kb_module_imports_without_qt():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    assert int(proc.stdout) >= 15
