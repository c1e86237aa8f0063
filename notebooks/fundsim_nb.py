"""notebooks/fundsim_nb.py -- what the fundsim notebooks share.

The Chinese font (Debian's fonts-noto-cjk, face 'Noto Sans CJK SC'), a figure
saver that fails on a missing glyph, money units (万元 / 亿元), the metric
labels of a run's metrics.csv (Chinese first, English beside), and the input
paths the notebooks take from environment variables.  The notebooks import it
from their own directory (nbconvert runs a notebook in its directory); from
elsewhere, put notebooks/ on sys.path.
"""
import glob
import json
import os
import warnings

import matplotlib
from matplotlib import font_manager
from matplotlib.ticker import FuncFormatter
import pandas as pd

CJK_FONT = 'Noto Sans CJK SC'
SUMMARY_COLUMNS = ['scenario', 'year', 'metric', 'mean', 'se', 'sd', 'p05', 'p25', 'p50', 'p75', 'p95']


# ---- The font.

def _faces_in(path):
    """(index, family, subfamily) of every face of a font file; [] when fontTools cannot read it."""
    from fontTools.ttLib import TTCollection, TTFont
    try:
        if path.lower().endswith('.ttc'):
            fonts = TTCollection(path, lazy=True).fonts
        else:
            fonts = [TTFont(path, lazy=True)]
        return [(i, f['name'].getDebugName(1), f['name'].getDebugName(2)) for i, f in enumerate(fonts)]
    except Exception:  # not a font fontTools reads: not ours
        return []


def use_cjk_font(name=CJK_FONT, cache_dir=None):
    """Makes `name` matplotlib's font and returns the file it is drawn from.

    The font is looked up with matplotlib.font_manager: first among the fonts
    matplotlib knows, then among the system's font files.  Debian ships Noto
    CJK as .ttc collections (NotoSansCJK-Regular.ttc: JP, KR, SC, TC, HK ...),
    and matplotlib reads only the first face of a collection (JP); the SC face
    is then copied out with fontTools (a dependency of Debian's matplotlib)
    into `cache_dir` (FUNDSIM_FONT_DIR, else matplotlib's cache directory)
    once, and added.  AssertionError when the font is not installed."""
    def known():
        return [f.fname for f in font_manager.fontManager.ttflist if f.name == name and f.weight in (400, 'normal')]
    if not known():
        cache_dir = cache_dir or os.environ.get('FUNDSIM_FONT_DIR') or os.path.join(matplotlib.get_cachedir(), 'fundsim')
        for path in sorted(font_manager.findSystemFonts()):
            for index, family, style in _faces_in(path) if 'CJK' in os.path.basename(path) else []:
                if family != name or style != 'Regular':
                    continue
                if path.lower().endswith('.ttc'):
                    out = os.path.join(cache_dir, name.replace(' ', '') + '-Regular.otf')
                    if not os.path.exists(out):
                        from fontTools.ttLib import TTCollection
                        os.makedirs(cache_dir, exist_ok=True)
                        tmp = f'{out}.{os.getpid()}.tmp'
                        TTCollection(path, lazy=True).fonts[index].save(tmp)
                        os.replace(tmp, out)
                    font_manager.fontManager.addfont(out)
                else:
                    font_manager.fontManager.addfont(path)
            if known():
                break
    assert known(), f'font {name!r} not found by matplotlib.font_manager (Debian: apt-get install fonts-noto-cjk)'
    matplotlib.rcParams['font.family'] = [name]
    matplotlib.rcParams['axes.unicode_minus'] = True
    path = font_manager.findfont(font_manager.FontProperties(family=name), fallback_to_default=False)
    assert path in known(), (path, known())
    return path


def _missing_glyphs(caught):
    return [str(w.message) for w in caught if 'missing from' in str(w.message) and 'Glyph' in str(w.message)]


def save_figure(fig, path, dpi=110):
    """Saves `fig` as PNG, capturing warnings: AssertionError if matplotlib warned of a missing glyph
    (a Chinese character drawn as a box) or the file is not a PNG.  Other warnings are re-issued."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        fig.savefig(path, dpi=dpi)
    missing = _missing_glyphs(caught)
    assert not missing, f'{path}: missing glyphs: {missing[:3]}'
    for w in caught:
        warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
    with open(path, 'rb') as f:
        assert f.read(8) == b'\x89PNG\r\n\x1a\n', f'{path} is not a PNG'
    print('wrote', path, f'({os.path.getsize(path):,} bytes)')
    return path


def glyph_check_is_live():
    """True when drawing Chinese in a Latin-only font (DejaVu Sans) is caught as missing glyphs, i.e.
    save_figure's check can fail.  Leaves matplotlib's settings as they were."""
    import io
    import matplotlib.pyplot as plt
    with matplotlib.rc_context({'font.family': ['DejaVu Sans']}):
        fig, ax = plt.subplots(figsize=(2, 1))
        ax.set_title('累计结余')
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter('always')
            fig.savefig(io.BytesIO(), format='png')
        plt.close(fig)
    return bool(_missing_glyphs(caught))


# ---- Units and labels.

def money_unit(values):
    """(divisor, unit) for yuan amounts: 亿元 when the largest magnitude reaches 10 亿元 (a province,
    the nation), else 万元 (a county or a city)."""
    finite = [abs(v) for v in pd.Series(values, dtype=float).dropna()]
    big = max(finite) if finite else 0.0
    return (1e8, '亿元') if big >= 1e9 else (1e4, '万元')


def thousands(decimals=0):
    """A tick formatter with thousands separators."""
    return FuncFormatter(lambda v, _pos: f'{v:,.{decimals}f}')


def percent(decimals=0):
    """A tick formatter for shares and probabilities (0.035 -> 3.5%)."""
    return FuncFormatter(lambda v, _pos: f'{100 * v:.{decimals}f}%')


class Metrics:
    """The metric dictionary of a run (its metrics.csv: table,id,label_zh,label_en,unit,unit_zh,kind,definition)."""

    def __init__(self, path):
        d = pd.read_csv(path)
        d = d[d['table'] == 'metrics'].set_index('id')
        self.table = d

    def zh(self, metric):
        return self.table.loc[metric, 'label_zh']

    def en(self, metric):
        return self.table.loc[metric, 'label_en']

    def label(self, metric):
        """'累计结余 Accumulated balance': Chinese first, English beside."""
        return f'{self.zh(metric)} {self.en(metric)}'

    def unit(self, metric):
        return self.table.loc[metric, 'unit']


# ---- Inputs.

def _ordered(dirs):
    """Run directories in the order compare writes them: base/ first, then alt/, alt1/, alt2/ ..., then by name."""
    def key(d):
        b = os.path.basename(os.path.normpath(d))
        return (0 if b == 'base' else 1 if b.startswith('alt') else 2, len(b), b)
    return sorted(dirs, key=key)


def input_files(var, name, default=None):
    """The files named by environment variable `var`: a list separated by os.pathsep (':'), each a file
    or a directory.  A directory holding `name` gives that file; one whose subdirectories hold it (the
    output of `fundsim compare`: base/, alt/) gives each of those.  AssertionError when nothing is found."""
    value = os.environ.get(var) or default
    assert value, f'set {var} to a {name} (or a list separated by {os.pathsep!r})'
    out = []
    for item in value.split(os.pathsep):
        if not item:
            continue
        if os.path.isdir(item):
            if os.path.exists(os.path.join(item, name)):
                out.append(os.path.join(item, name))
            else:
                subs = _ordered(os.path.dirname(p) for p in glob.glob(os.path.join(item, '*', name)))
                assert subs, f'{var}: {item} holds no {name}'
                out += [os.path.join(d, name) for d in subs]
        else:
            assert os.path.exists(item), f'{var}: {item} does not exist'
            out.append(item)
    return [os.path.abspath(p) for p in out]


def run_label(csv_path, scenario=None):
    """A short name for the run that wrote `csv_path`: the scenario's name as in the file (without the
    '+set-HASH' fundsim adds for overrides) and the overrides from run.json beside it."""
    run_json = os.path.join(os.path.dirname(csv_path), 'run.json')
    info = json.load(open(run_json, encoding='utf-8')) if os.path.exists(run_json) else {}
    name = info.get('scenario', scenario or os.path.basename(os.path.dirname(csv_path)))
    name = name.split('+set-')[0]
    overrides = info.get('overrides') or []
    return name + (' ' + ' '.join(overrides) if overrides else '')


def plot_dir():
    d = os.environ.get('FUNDSIM_PLOT_DIR', '.')
    os.makedirs(d, exist_ok=True)
    return d
