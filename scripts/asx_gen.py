#!/usr/bin/env python3
"""Generates the ASTERIX codec tables of skyweave from the structured specifications.

    python3 scripts/asx_gen.py [SPECDIR [OUTDIR]]      (SPECDIR default: $SW_SHARED_DIR/data/asterix/specs,
                                               SW_SHARED_DIR defaulting to ../shared)

For every category/edition in EDITIONS it writes
    src/asterix/asxCCC.h      the typed record (one C struct per data item) and FRN constants
    src/asterix/asxCCC_tab.c  the descriptor tables the generic codec runs on
Both files are generated: edit this script (names, storage) and rerun, never the output.
Wireshark's ASTERIX dissector is made the same way from the same specifications, which is why
tshark can serve as the oracle for the tests.
"""
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import asx_spec as S  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, '..', 'src', 'asterix')

# (category, edition, default?)  -- the defaults are tshark 4.0's.
EDITIONS = [(48, '1.31', True), (34, '1.29', True), (21, '2.6', True), (62, '1.19', True)]

UNITS = {'NM': 'nm', '°': 'deg', 's': 's', 'ft': 'ft', 'FL': 'fl', 'm': 'm', 'm/s': 'mps',
         'NM/s': 'nmps', 'kt': 'kt', 'dBm': 'dbm', 'MHz': 'mhz', 'ft/min': 'ftpm',
         'm/s²': 'mps2', '°/s': 'degps', 'Mach': 'mach', 'mb': 'mb', '°C': 'degc'}

# JSON keys (= struct members) of items that are a single value; units are appended.
VALUE_NAMES = {
    (48, '140'): 'tod', (48, '220'): 'address', (48, '240'): 'ident', (48, '260'): 'acas_ra',
    (48, '030'): 'code',
    (34, '000'): 'msg_type', (34, '020'): 'sector', (34, '030'): 'tod', (34, '041'): 'period',
    (34, '110'): 'filter',
    (21, '015'): 'service_id', (21, '016'): 'report_period', (21, '020'): 'ecat',
    (21, '071'): 'toa_pos', (21, '072'): 'toa_vel', (21, '073'): 'tomr_pos', (21, '075'): 'tomr_vel',
    (21, '077'): 'tort', (21, '080'): 'address', (21, '132'): 'amplitude', (21, '140'): 'height',
    (21, '145'): 'fl', (21, '152'): 'heading', (21, '170'): 'ident', (21, '230'): 'roll',
    (21, '250'): 'mb', (21, '400'): 'rid',
    (62, '015'): 'service_id', (62, '040'): 'trk', (62, '070'): 'tod', (62, '130'): 'alt',
    (62, '136'): 'fl', (62, '220'): 'rocd', (62, '300'): 'vfi',
}
# Field names that are not valid C identifiers or read badly.
RENAME = {'3DH': 'height', 'LONG': 'longi'}
# Spec errata applied on top of the files: I048/090 FL is two's complement (the EUROCONTROL
# document says so; asterix-specs <= 1.31 and tshark 4.0 call it unsigned; fixed in 1.32).
SIGNED = {(48, '090', 'FL')}
C_KEYWORDS = {'auto', 'break', 'case', 'char', 'const', 'continue', 'default', 'do', 'double',
              'else', 'enum', 'extern', 'float', 'for', 'goto', 'if', 'inline', 'int', 'long',
              'register', 'restrict', 'return', 'short', 'signed', 'sizeof', 'static', 'struct',
              'switch', 'typedef', 'union', 'unsigned', 'void', 'volatile', 'while'}


def lsb_parts(lsb):
    """'360/2^16' -> (num, p2, p10) with LSB = num / (2^p2 * 10^p10)."""
    m = re.fullmatch(r'(\d+)(?:/(\d+)(?:\^(\d+))?)?', lsb)
    num = int(m.group(1))
    if not m.group(2):
        return num, 0, 0
    den = int(m.group(2)) ** int(m.group(3) or 1)
    a = b = 0
    while den % 2 == 0:
        den //= 2
        a += 1
    while den % 5 == 0:
        den //= 5
        b += 1
    assert den == 1, lsb
    while num % 2 == 0 and a > 0:     # 360/2^16 = 45/2^13: smaller numbers, fewer digits
        num //= 2
        a -= 1
    while num % 5 == 0 and b > 0:
        num //= 5
        b -= 1
    if a >= b:                    # 2^a 5^b = 2^(a-b) 10^b
        return num, a - b, b
    return num * 2 ** (b - a), 0, b   # 2^a 5^b = 10^b / 2^(b-a)


def decimals(num, p2, p10):
    """Digits after the point: exact when short, else enough to recover the raw value."""
    exact = p2 + p10
    if exact <= 13:
        return exact
    lsb = num / (2 ** p2 * 10 ** p10)
    d = 0
    while 10 ** -d > lsb / 10:
        d += 1
    return d


def ident(name):
    n = RENAME.get(name, re.sub(r'[^a-z0-9]+', '_', name.lower()).strip('_'))
    if n in C_KEYWORDS or n[0].isdigit():
        n = n + '_'
    return n


def with_unit(name, content):
    if content.get('kind') == 'quantity':
        u = UNITS[content['unit']]
        if name != u and not name.endswith('_' + u):
            return name + '_' + u
    return name


class Field:
    """One leaf of an item: where its bits are, how to show it, where it lives in the struct."""

    def __init__(self, key, spec, pos, bits, content):
        self.key, self.spec, self.pos, self.bits = key, spec, pos, bits
        self.content = content
        self.alt = None
        k = content['kind'] if content else 'spare'
        self.num, self.p2, self.p10, self.dec = 1, 0, 0, 0
        if k == 'spare':
            self.type, self.ctype = 'SPARE', None
        elif k == 'quantity':
            self.type = 'SQ' if content['signed'] else 'UQ'
            self.num, self.p2, self.p10 = lsb_parts(content['lsb'])
            self.dec = decimals(self.num, self.p2, self.p10)
            self.ctype = 'double'
        elif k == 'case':
            # the value's scale depends on the field before it (I021/150, I062/380 IAS)
            self.type, self.ctype = 'CASE', 'double'
            c0, c1 = content['cases']['0'], content['cases']['1']
            self.num, self.p2, self.p10 = lsb_parts(c0['lsb'])
            self.dec = decimals(self.num, self.p2, self.p10)
            self.alt = Field(with_unit(key, c1), spec, pos, bits, c1)
            self.key = with_unit(key, c0)
            self.member = key
        elif k == 'string':
            enc = content['enc']
            if enc == 'octal':
                self.type, self.ctype = 'OCTAL', 'uint16_t'
            elif enc == 'icao':
                self.type, self.ctype = 'ICAO', 'char[%d]' % (bits // 6 + 1)
            else:
                self.type, self.ctype = 'ASCII', 'char[%d]' % (bits // 8 + 1)
        elif k == 'integer' and content['signed']:
            self.type, self.ctype = 'INT', 'int32_t'
        elif k in ('raw', 'bds') and bits > 16:
            self.type = 'HEX'
            self.ctype = 'uint32_t' if bits <= 32 else 'uint64_t'
        else:  # table, unsigned integer, short raw
            self.type = 'UINT'
            self.ctype = 'uint8_t' if bits <= 8 else 'uint16_t' if bits <= 16 else 'uint32_t'
        if not hasattr(self, 'member'):
            self.member = self.key

    def lsb_c(self):
        den = 2 ** self.p2 * 10 ** self.p10
        return '%d.0' % self.num if den == 1 else '%d.0 / %d.0' % (self.num, den)

    def cdecl(self):
        t = self.ctype
        if t.startswith('char['):
            return 'char %s%s' % (self.member, t[4:])
        return '%s %s' % (t, self.member)

    def comment(self):
        c = self.content
        k = c['kind']
        if k == 'quantity':
            return '%s, LSB %s %s' % ('signed' if c['signed'] else 'unsigned', c['lsb'], c['unit'])
        if k == 'case':
            return '%s if the field before is 0, %s if 1' % (self.key, self.alt.key)
        if k == 'table':
            e = c['entries']
            s = '; '.join(e[:3]) + ('; ...' if len(e) > 3 else '')
            return s if len(s) < 70 else s[:67] + '...'
        if k == 'string':
            return {'octal': 'Mode 3/A style code, e.g. 07700', 'icao': 'ICAO 6-bit characters',
                    'ascii': 'ASCII characters'}[c['enc']]
        return k


def leaves(v, prefix_key, prefix_spec, pos, out, single_key=None):
    """Flattens element/group/extended into Fields; returns the bit position after them."""
    t = v['t']
    if t == 'element':
        key = single_key or prefix_key
        out.append(Field(with_unit(key, v['content']), prefix_spec or 'VALUE', pos, v['bits'],
                         v['content']))
        return pos + v['bits']
    nspare = 0
    for it in v['items']:
        if it['t'] == 'spare':
            nspare += 1
            out.append(Field('spare' if nspare == 1 else 'spare%d' % nspare, 'spare', pos,
                             it['bits'], None))
            pos += it['bits']
        elif it['t'] == 'fx':
            pos += 1
        else:
            sub = it['var']
            k = ident(it['name']) if not prefix_key else prefix_key + '_' + ident(it['name'])
            sp = it['name'] if not prefix_spec else prefix_spec + '_' + it['name']
            if sub['t'] == 'element':
                out.append(Field(with_unit(k, sub['content']), sp, pos, sub['bits'],
                                 sub['content']))
                pos += sub['bits']
            else:
                pos = leaves(sub, k, sp, pos, out)
    return pos


class Item:
    """A data item, a compound subfield or a repetition element, as it is generated."""

    def __init__(self, cat, num, title, v, ctype, key, value_name=None, top=True):
        self.cat, self.num, self.title, self.v, self.ctype, self.key = cat, num, title, v, ctype, key
        self.fields, self.subs, self.parts = [], [], []
        self.flat = False
        self.len = 0
        t = v['t']
        self.var = {'element': 'FIXED', 'group': 'FIXED', 'extended': 'EXTENDED',
                    'compound': 'COMPOUND', 'explicit': 'EXPLICIT'}.get(t)
        if t in ('element', 'group'):
            bits = leaves(v, '', '', 0, self.fields, value_name)
            assert bits % 8 == 0
            self.len = bits // 8
            self.flat = t == 'element' and not top  # a compound's single-value subfield
        elif t == 'extended':
            pos, ends = 0, []
            fields = []
            for it in v['items']:
                if it['t'] == 'fx':
                    pos += 1
                    assert pos % 8 == 0, (cat, num)
                    ends.append(pos // 8)
                    continue
                pos = leaves({'t': 'group', 'items': [it]}, '', '', pos, fields)
            assert pos % 8 == 0 and ends and ends[-1] == pos // 8, (cat, num, 'extended must end with FX')
            self.fields, self.parts, self.len = fields, ends, len(ends)
        elif t == 'repetitive':
            inner = v['var']
            self.var = 'REPFX' if v['rep'] == 'fx' else 'REP'
            bits = leaves(inner, '', '', 0, self.fields, value_name)
            if self.var == 'REPFX':
                bits += 1
            assert bits % 8 == 0
            self.len = bits // 8
            self.flat = inner['t'] == 'element'
        elif t == 'compound':
            for i, it in enumerate(v['items']):
                if it['t'] == 'empty':
                    self.subs.append(None)
                    continue
                sv = it['var']
                sk = ident(it['name'])
                if sv['t'] == 'element':
                    sk = with_unit(sk, sv['content'])
                self.subs.append(Item(cat, it['name'], it['title'], sv,
                                      '%s_%s' % (ctype, ident(it['name'])), sk, ident(it['name']),
                                      top=False))
        elif t == 'explicit':
            self.len = 0
        else:
            raise ValueError(t)
        k = 0
        for f in self.fields:
            if f.type == 'SPARE':
                k += 1
                f.key = f.member = 'spare' if k == 1 else 'spare%d' % k
        names = [f.member for f in self.fields]
        assert len(names) == len(set(names)), (cat, num, names)


def load(specdir, cat, ed):
    spec = S.parse_spec(os.path.join(specdir, 'cat%03d' % cat, 'cat-%s.ast' % ed))
    assert spec['edition'] == ed
    frns = []
    for name in spec['uap']:
        if name == '-':
            frns.append(None)
        elif name in ('SP', 'RE'):
            frns.append(Item(cat, name, 'Special Purpose field' if name == 'SP' else
                             'Reserved Expansion field', {'t': 'explicit'}, 'asx_explicit',
                             'I%03d/%s' % (cat, name)))
        else:
            it = spec['items'][name]
            for grp in [it['var']] if it['var']['t'] == 'group' else []:
                for f in grp['items']:
                    if (cat, name, f.get('name')) in SIGNED:
                        f['var']['content']['signed'] = True
            frns.append(Item(cat, name, it['title'], it['var'], 'asx%03d_%s' % (cat, name),
                             'I%03d/%s' % (cat, name), VALUE_NAMES.get((cat, name))))
    return spec, frns


REPFX_CAP = 'ASX_REPFX_MAX'
REP_CAP = '255'


class Gen:
    def __init__(self, cat, ed, spec, frns):
        self.cat, self.ed, self.spec, self.frns = cat, ed, spec, frns
        self.h, self.c = [], []
        self.cc = '%03d' % cat

    # ---- header: typed structs -------------------------------------------------------------
    def field_lines(self, fields, ind='    '):
        out = []
        for f in fields:
            if f.type == 'SPARE':
                continue
            out.append('%s%s; /* %s: %s */' % (ind, f.cdecl(), f.spec, f.comment()))
        return out

    def typedefs(self, it, top):
        """Emits the typedefs an item needs; returns the member declaration for its parent."""
        v, name = it.var, it.ctype
        if v == 'EXPLICIT':
            return 'asx_explicit'
        title = '/* %s: %s (%s) */' % (it.key if top else it.num, it.title, self.shape(it))
        if v == 'FIXED':
            if it.flat:
                return None  # a single field placed straight into the compound struct
            self.h += [title, 'typedef struct %s {' % name] + self.field_lines(it.fields) + \
                      ['} %s;' % name, '']
        elif v == 'EXTENDED':
            self.h += [title, 'typedef struct %s {' % name,
                       '    uint8_t parts; /* octets (parts) present; on encode a floor, 0 = minimal */'] + \
                self.field_lines(it.fields) + ['} %s;' % name, '']
        elif v in ('REP', 'REPFX'):
            if it.flat:
                f = it.fields[-1] if it.fields[-1].type != 'SPARE' else it.fields[0]
                et = f.ctype
                ecomment = ' /* %s: %s */' % (f.spec, f.comment())
            else:
                et = name + '_e'
                self.h += ['typedef struct %s {' % et] + self.field_lines(it.fields) + \
                          ['} %s;' % et, '']
                ecomment = ''
            cap = REPFX_CAP if v == 'REPFX' else REP_CAP
            self.h += [title, 'typedef struct %s {' % name, '    uint16_t n;',
                       '    %s e[%s];%s' % (et, cap, ecomment), '} %s;' % name, '']
        elif v == 'COMPOUND':
            members = []
            self.h.append('enum { %s };' % ', '.join(
                '%s_%s = %d' % (name.upper(), s.num, i + 1) for i, s in enumerate(it.subs) if s))
            for i, s in enumerate(it.subs):
                if s is None:
                    continue
                d = self.typedefs(s, False)
                if d is None:
                    members += self.field_lines(s.fields)
                else:
                    members.append('    %s %s; /* %d %s: %s */' % (d, ident(s.num), i + 1, s.num,
                                                                     s.title))
            self.h += [title, 'typedef struct %s {' % name,
                       '    uint32_t present; /* bit (sub-FRN - 1) set: subfield present */'] + \
                members + ['} %s;' % name, '']
        return name

    def shape(self, it):
        if it.var == 'FIXED':
            return 'fixed %d' % it.len
        if it.var == 'EXTENDED':
            return 'extended %s' % '+'.join(str(b - a) for a, b in zip([0] + it.parts, it.parts))
        if it.var == 'REP':
            return 'repetitive %d' % it.len
        if it.var == 'REPFX':
            return 'repetitive-FX %d' % it.len
        return it.var.lower()

    def header(self):
        cc, ed = self.cc, self.ed
        guard = 'SW_ASTERIX_ASX%s_H' % cc
        self.h = ['/* asterix/asx%s.h - CAT%s edition %s "%s" (%s): the typed record.' % (
                      cc, cc, ed, self.spec['title'], self.spec['date']),
                  ' *',
                  ' * GENERATED by scripts/asx_gen.py from asterix-specs cat%s/cat-%s.ast: do not edit.' % (cc, ed),
                  ' * One struct per data item, members named like the JSON keys of `skyweave asterix',
                  ' * decode` (units in the names); `present` has bit FRN-1 set for each item in the record.',
                  ' * Physical values are doubles (raw x LSB); enumerations and raw fields are integers. */',
                  '#ifndef ' + guard, '#define ' + guard, '', '#include "asterix/asx_types.h"', '']
        enum = ['enum {']
        for i, it in enumerate(self.frns):
            if it:
                enum.append('    ASX%s_FRN_%s = %d,' % (cc, it.num, i + 1))
        enum += ['    ASX%s_NFRN = %d' % (cc, len(self.frns)), '};', '']
        self.h += enum
        members = []
        for it in self.frns:
            if it is None:
                continue
            t = self.typedefs(it, True)
            members.append('    %s %s;' % (t, 'i' + it.num.lower() if it.num[0].isdigit() else it.num.lower()))
        self.h += ['/* A CAT%s record, edition %s. */' % (cc, ed), 'typedef struct asx%s {' % cc,
                   '    uint64_t present; /* bit (FRN - 1) set: the item is in the record */',
                   '    uint8_t fspec_len; /* FSPEC octets seen on decode (encode writes the minimum) */'] + \
            members + ['} asx%s;' % cc, '', '#endif', '']
        return '\n'.join(self.h)

    # ---- C file: descriptors ---------------------------------------------------------------
    def fields_c(self, arr, fields, struct, flat_member=None):
        lines = ['static const asx_field %s[] = {' % arr]
        alts = []
        for i, f in enumerate(fields):
            if f.type == 'SPARE':
                off = 'ASX_NOFF'
            elif flat_member is not None:
                off = '0'
            else:
                off = 'offsetof(%s, %s)' % (struct, f.member)
            alt = 'NULL'
            if f.alt:
                alt = '&%s_alt%d' % (arr, i)
                a = f.alt
                alts.append('static const asx_field %s_alt%d = {"%s", "%s", %d, %d, ASX_T_%s, %s, %d, %d, %d, %d, %s, 0, NULL};' % (
                    arr, i, a.key, a.spec, a.pos, a.bits, 'UQ', 'ASX_S_F64', a.p2, a.p10, a.dec, a.num,
                    a.lsb_c()))
            store = {None: 'ASX_S_NONE', 'double': 'ASX_S_F64', 'uint8_t': 'ASX_S_U8',
                     'uint16_t': 'ASX_S_U16', 'uint32_t': 'ASX_S_U32', 'uint64_t': 'ASX_S_U64',
                     'int32_t': 'ASX_S_I32'}.get(f.ctype, 'ASX_S_STR')
            lines.append('    {"%s", "%s", %d, %d, ASX_T_%s, %s, %d, %d, %d, %d, %s, %s, %s},' % (
                f.key, f.spec, f.pos, f.bits, f.type, store, f.p2, f.p10, f.dec, f.num, f.lsb_c(),
                off, alt))
        lines.append('};')
        self.c += alts + lines

    def item_c(self, it, arr, parent, member, top):
        """Emits the tables an item needs; returns its asx_item initializer."""
        v = it.var
        off = 'offsetof(%s, %s)' % (parent, member)
        f_arr, nf, sub_arr, nsub, parts = 'NULL', 0, 'NULL', 0, 'NULL'
        eoff = esize = cap = '0'
        size = 'sizeof(%s)' % it.ctype if not (v == 'FIXED' and it.flat) else '0'
        if v in ('FIXED', 'EXTENDED'):
            if it.flat:
                f = [x for x in it.fields if x.type != 'SPARE'][0]
                off = 'offsetof(%s, %s)' % (parent, f.member)
                self.fields_c(arr, it.fields, None, flat_member=True)
            else:
                self.fields_c(arr, it.fields, it.ctype)
            f_arr, nf = arr, len(it.fields)
            if v == 'EXTENDED':
                parts = arr + '_parts'
                self.c.append('static const uint8_t %s[] = {%s};' % (parts, ', '.join(map(str, it.parts))))
        elif v in ('REP', 'REPFX'):
            if it.flat:
                f = [x for x in it.fields if x.type != 'SPARE'][0]
                self.fields_c(arr, it.fields, None, flat_member=True)
                esize = 'sizeof(((%s *)0)->e[0])' % it.ctype
            else:
                self.fields_c(arr, it.fields, it.ctype + '_e')
                esize = 'sizeof(%s_e)' % it.ctype
            f_arr, nf = arr, len(it.fields)
            eoff = 'offsetof(%s, e)' % it.ctype
            cap = REPFX_CAP if v == 'REPFX' else REP_CAP
        elif v == 'COMPOUND':
            inits = []
            for i, s in enumerate(it.subs):
                if s is None:
                    inits.append('    {NULL, NULL, NULL, ASX_V_NONE},')
                    continue
                sm = ident(s.num)
                inits.append('    ' + self.item_c(s, '%s_%s' % (arr, sm), it.ctype, sm, False) + ',')
            sub_arr, nsub = arr + '_sub', len(it.subs)
            self.c += ['static const asx_item %s[] = {' % sub_arr] + inits + ['};']
        return '{"%s", "%s", "%s", ASX_V_%s, %d, %d, %d, %s, %s, %d, %s, %d, %s, %s, %s, %s, %s}' % (
            it.num, it.key, it.title.replace('"', "'"), v, it.len if v != 'EXTENDED' else 0,
            len(it.parts), 1 if it.flat else 0, parts, f_arr, nf, sub_arr, nsub, off, size,
            eoff, esize, cap)

    def source(self):
        cc, ed = self.cc, self.ed
        sym = ed.replace('.', '_')
        self.c = ['/* asterix/asx%s_tab.c - CAT%s edition %s descriptor tables.' % (cc, cc, ed),
                  ' * GENERATED by scripts/asx_gen.py from asterix-specs cat%s/cat-%s.ast: do not edit. */' % (cc, ed),
                  '#include <stddef.h>', '', '#include "asterix/asx_desc.h"',
                  '#include "asterix/asx%s.h"' % cc, '']
        inits = []
        for i, it in enumerate(self.frns):
            if it is None:
                inits.append('    {NULL, NULL, NULL, ASX_V_NONE},')
                continue
            m = 'i' + it.num.lower() if it.num[0].isdigit() else it.num.lower()
            inits.append('    ' + self.item_c(it, 'f%s_%s' % (cc, it.num.lower()), 'asx' + cc, m, True) + ',')
        self.c += ['', 'static const asx_item uap_items[] = {'] + inits + ['};', '',
                   'const asx_uap asx_uap_%s_%s = {%d, "%s", "%s", %d, uap_items, sizeof(asx%s)};' % (
                       cc, sym, self.cat, ed, self.spec['title'], len(self.frns), cc), '']
        return '\n'.join(self.c)


def main():
    shared = os.environ.get('SW_SHARED_DIR') or os.path.join(HERE, '..', '..', 'shared')
    specdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(shared, 'data', 'asterix', 'specs')
    out = sys.argv[2] if len(sys.argv) > 2 else OUT
    for cat, ed, _ in EDITIONS:
        spec, frns = load(specdir, cat, ed)
        g = Gen(cat, ed, spec, frns)
        for name, text in (('asx%03d.h' % cat, g.header()), ('asx%03d_tab.c' % cat, g.source())):
            with open(os.path.join(out, name), 'w') as f:
                f.write(text)
            print('wrote', os.path.join('src/asterix', name))


if __name__ == '__main__':
    main()
