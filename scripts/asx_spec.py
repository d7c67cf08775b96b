"""Reader for the asterix-specs structured text format (.ast files of
github.com/zoranbosnjak/asterix-specs, BSD-3 licence), used by asx_gen.py.

The result is a tree of plain dicts:
  variation: {'t': 'element', 'bits', 'content'} | {'t': 'group', 'items'} |
             {'t': 'extended', 'items'} (items include {'t': 'fx'} markers) |
             {'t': 'repetitive', 'rep': '1' or 'fx', 'var'} | {'t': 'explicit', 'kind'} |
             {'t': 'compound', 'items'} (items include {'t': 'empty'} for spare sub-FRNs)
  item:      {'t': 'sub', 'name', 'title', 'var'} | {'t': 'spare', 'bits'}
  content:   {'kind': 'raw' | 'table' | 'string' | 'quantity' | 'integer' | 'bds' | 'case', ...}
"""
import re

TEXT_KW = {'definition', 'remark', 'description', 'preamble'}


class Lines:
    def __init__(self, text):
        self.l = [(len(r) - len(r.lstrip(' ')), r.strip()) for r in text.splitlines() if r.strip()]
        self.i = 0

    def peek(self):
        return self.l[self.i] if self.i < len(self.l) else (None, None)

    def next(self):
        self.i += 1
        return self.l[self.i - 1]

    def skip_block(self, ind):
        while self.i < len(self.l) and self.l[self.i][0] > ind:
            self.i += 1

    def block(self, ind):
        out = []
        while self.i < len(self.l) and self.l[self.i][0] > ind:
            out.append(self.next())
        return out


def parse_content(L, ind):
    i2, s = L.peek()
    if i2 is None or i2 <= ind:
        return {'kind': 'none'}
    L.next()
    w = s.split()
    if w[0] == 'raw':
        return {'kind': 'raw'}
    if w[0] == 'table':
        return {'kind': 'table', 'entries': [t for _, t in L.block(i2)]}
    if w[0] == 'string':
        return {'kind': 'string', 'enc': w[1]}
    if w[0] in ('unsigned', 'signed') and w[1] == 'quantity':
        m = re.match(r'(unsigned|signed) quantity (\S+) "([^"]*)"\s*(.*)', s)
        return {'kind': 'quantity', 'signed': m.group(1) == 'signed', 'lsb': m.group(2),
                'unit': m.group(3), 'constraint': m.group(4).strip()}
    if w[0] in ('unsigned', 'signed') and w[1] == 'integer':
        return {'kind': 'integer', 'signed': w[0] == 'signed', 'constraint': ' '.join(w[2:])}
    if w[0] == 'bds':
        L.skip_block(i2)
        return {'kind': 'bds'}
    if w[0] == 'case':
        cases, cur = {}, None
        for j, t in L.block(i2):
            if t.endswith(':'):
                cur = t[:-1]
                continue
            m = re.match(r'(unsigned|signed) quantity (\S+) "([^"]*)"', t)
            cases[cur] = ({'kind': 'quantity', 'signed': m.group(1) == 'signed', 'lsb': m.group(2),
                           'unit': m.group(3)} if m else {'kind': t.split()[0]})
        return {'kind': 'case', 'on': w[1], 'cases': cases}
    raise ValueError('unknown content: ' + s)


def parse_variation(L):
    i0, s = L.next()
    w = s.split()
    kw = w[0]
    if kw == 'element':
        return {'t': 'element', 'bits': int(w[1]), 'content': parse_content(L, i0)}
    if kw in ('group', 'extended'):
        return {'t': kw, 'items': parse_items(L, i0)}
    if kw == 'repetitive':
        return {'t': 'repetitive', 'rep': w[1], 'var': parse_variation(L)}
    if kw == 'explicit':
        L.skip_block(i0)
        return {'t': 'explicit', 'kind': w[1] if len(w) > 1 else ''}
    if kw == 'compound':
        return {'t': 'compound', 'items': parse_items(L, i0, compound=True)}
    raise ValueError('unknown variation: ' + s)


def parse_items(L, ind, compound=False):
    items = []
    while True:
        j, s = L.peek()
        if j is None or j <= ind:
            return items
        if s == '-':
            L.next()
            items.append({'t': 'empty' if compound else 'fx'})
            continue
        if s.startswith('spare'):
            L.next()
            items.append({'t': 'spare', 'bits': int(s.split()[1])})
            continue
        m = re.match(r'(\S+)\s+"([^"]*)"', s)
        if not m:
            raise ValueError('unexpected line: ' + s)
        L.next()
        it = {'t': 'sub', 'name': m.group(1), 'title': m.group(2)}
        while True:
            k, s2 = L.peek()
            if k is None or k <= j:
                break
            if s2.split()[0] in TEXT_KW:
                L.next()
                L.skip_block(k)
                continue
            it['var'] = parse_variation(L)
        items.append(it)


def parse_spec(path):
    L = Lines(open(path, encoding='utf-8').read())
    spec = {'items': {}, 'uap': []}
    while True:
        j, s = L.peek()
        if j is None:
            return spec
        L.next()
        if j != 0:
            continue
        w = s.split()
        if w[0] == 'asterix':
            spec['cat'] = int(w[1])
            spec['title'] = s.split('"')[1]
        elif w[0] == 'edition':
            spec['edition'] = w[1]
        elif w[0] == 'date':
            spec['date'] = w[1]
        elif w[0] == 'items':
            while True:
                k, s2 = L.peek()
                if k is None or k == 0:
                    break
                L.next()
                m = re.match(r'(\S+)\s+"([^"]*)"', s2)
                it = {'num': m.group(1), 'title': m.group(2)}
                while True:
                    k2, s3 = L.peek()
                    if k2 is None or k2 <= k:
                        break
                    if s3.split()[0] in TEXT_KW:
                        L.next()
                        L.skip_block(k2)
                        continue
                    it['var'] = parse_variation(L)
                spec['items'][it['num']] = it
        elif w[0] == 'uap':
            spec['uap'] = [t for _, t in L.block(0)]
        else:
            L.skip_block(0)


def bits_of(v):
    """Bit length of a fixed variation (element/group), None otherwise."""
    if v['t'] == 'element':
        return v['bits']
    if v['t'] == 'group':
        tot = 0
        for it in v['items']:
            if it['t'] == 'spare':
                tot += it['bits']
            else:
                b = bits_of(it['var'])
                if b is None:
                    return None
                tot += b
        return tot
    return None
