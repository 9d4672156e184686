/**
 * A minimal ROOT file writer for tests: one uncompressed TTree of scalar double (or int) branches, one basket each,
 * laid out as the ROOT file format describes (file header, TKey records, TDirectory, key list, StreamerInfo TList,
 * object byte counts and class tags; big-endian). The streamer infos written declare only the members written, which a
 * reader that follows the file's streamer infos (jsroot, ROOT's schema evolution) accepts. Not for production files.
 */
import * as fs from 'fs';

const kByteCountMask = 0x40000000,
  kNewClassTag = 0xffffffff;
// TStreamerElement type codes (TVirtualStreamerInfo::EReadWrite).
const T = {
  base: 0,
  int: 3,
  double: 8,
  counter: 6,
  long64: 16,
  bool: 18,
  object: 61,
  objectP: 64,
  tstring: 65,
  tnamed: 67,
  offsetP: 40,
};

/** A growable big-endian byte buffer with ROOT's primitives. */
class Buf {
  private b = Buffer.alloc(1 << 16);
  len = 0;
  private need(n: number) {
    if (this.len + n > this.b.length) {
      const nb = Buffer.alloc(Math.max(this.b.length * 2, this.len + n));
      this.b.copy(nb);
      this.b = nb;
    }
  }
  u1(v: number) {
    this.need(1);
    this.b.writeUInt8(v, this.len);
    this.len += 1;
    return this;
  }
  u2(v: number) {
    this.need(2);
    this.b.writeUInt16BE(v, this.len);
    this.len += 2;
    return this;
  }
  u4(v: number) {
    this.need(4);
    this.b.writeUInt32BE(v >>> 0, this.len);
    this.len += 4;
    return this;
  }
  i4(v: number) {
    this.need(4);
    this.b.writeInt32BE(v, this.len);
    this.len += 4;
    return this;
  }
  i8(v: number) {
    this.need(8);
    this.b.writeBigInt64BE(BigInt(v), this.len);
    this.len += 8;
    return this;
  }
  f8(v: number) {
    this.need(8);
    this.b.writeDoubleBE(v, this.len);
    this.len += 8;
    return this;
  }
  raw(x: Uint8Array) {
    this.need(x.length);
    Buffer.from(x).copy(this.b, this.len);
    this.len += x.length;
    return this;
  }
  /** TString: one length byte (255 then a 4-byte length for long strings) and the characters. */
  str(s: string) {
    const x = Buffer.from(s, 'latin1');
    if (x.length < 255) this.u1(x.length);
    else this.u1(255).u4(x.length);
    return this.raw(x);
  }
  cstr(s: string) {
    return this.raw(Buffer.from(s, 'latin1')).u1(0);
  }
  /** A byte count (bytes that follow it, with kByteCountMask) around what `body` writes. */
  counted(body: () => void) {
    const at = this.len;
    this.u4(0);
    body();
    this.b.writeUInt32BE((this.len - at - 4) | kByteCountMask, at);
    return this;
  }
  setU4(at: number, v: number) {
    this.b.writeUInt32BE(v >>> 0, at);
  }
  bytes() {
    return this.b.subarray(0, this.len);
  }
}

const tobject = (b: Buf) => b.u2(1).u4(0).u4(0x03000000);
const tnamed = (b: Buf, name: string, title: string) =>
  b.counted(() => {
    b.u2(1);
    tobject(b);
    b.str(name).str(title);
  });
/** An object behind a pointer: byte count, a new-class tag with the class name, then the object. */
const objAny = (b: Buf, cls: string, body: () => void) =>
  b.counted(() => {
    b.u4(kNewClassTag).cstr(cls);
    body();
  });
const objArray = (b: Buf, items: [string, () => void][]) =>
  b.counted(() => {
    b.u2(3);
    tobject(b);
    b.str('').u4(items.length).u4(0);
    for (const [c, f] of items) objAny(b, c, f);
  });

interface Elem {
  cls:
    | 'TStreamerBase'
    | 'TStreamerBasicType'
    | 'TStreamerObject'
    | 'TStreamerString'
    | 'TStreamerObjectPointer'
    | 'TStreamerBasicPointer';
  name: string;
  type: number;
  size: number;
  typeName: string;
  baseVersion?: number;
  count?: [string, string, number];
}
function element(b: Buf, e: Elem) {
  const core = () =>
    b.counted(() => {
      b.u2(4);
      tnamed(b, e.name, '');
      b.u4(e.type).u4(e.size).u4(0).u4(0);
      for (let i = 0; i < 5; i++) b.u4(0);
      b.str(e.typeName);
    });
  objAny(b, e.cls, () =>
    b.counted(() => {
      b.u2(e.cls === 'TStreamerBase' ? 3 : 2);
      core();
      if (e.cls === 'TStreamerBase') b.u4(e.baseVersion!);
      if (e.cls === 'TStreamerBasicPointer') b.u4(e.count![2]).str(e.count![0]).str(e.count![1]);
    }),
  );
}
const base = (name: string, v: number): Elem => ({
  cls: 'TStreamerBase',
  name,
  type: name === 'TNamed' ? T.tnamed : T.base,
  size: 0,
  typeName: 'BASE',
  baseVersion: v,
});
const basic = (name: string, type: number, size: number, typeName: string): Elem => ({
  cls: 'TStreamerBasicType',
  name,
  type,
  size,
  typeName,
});
const objArr = (name: string): Elem => ({
  cls: 'TStreamerObject',
  name,
  type: T.object,
  size: 64,
  typeName: 'TObjArray',
});
const ptr = (name: string, type: number, typeName: string, count: string): Elem => ({
  cls: 'TStreamerBasicPointer',
  name,
  type: T.offsetP + type,
  size: 8,
  typeName,
  count: [count, 'TBranch', 13],
});

const STREAMERS: [string, number, Elem[]][] = [
  [
    'TTree',
    20,
    [base('TNamed', 1), basic('fEntries', T.long64, 8, 'Long64_t'), objArr('fBranches'), objArr('fLeaves')],
  ],
  [
    'TBranch',
    13,
    [
      base('TNamed', 1),
      basic('fCompress', T.int, 4, 'int'),
      basic('fBasketSize', T.int, 4, 'int'),
      basic('fEntryOffsetLen', T.int, 4, 'int'),
      basic('fWriteBasket', T.int, 4, 'int'),
      basic('fEntryNumber', T.long64, 8, 'Long64_t'),
      basic('fOffset', T.int, 4, 'int'),
      basic('fMaxBaskets', T.counter, 4, 'int'),
      basic('fSplitLevel', T.int, 4, 'int'),
      basic('fEntries', T.long64, 8, 'Long64_t'),
      basic('fFirstEntry', T.long64, 8, 'Long64_t'),
      basic('fTotBytes', T.long64, 8, 'Long64_t'),
      basic('fZipBytes', T.long64, 8, 'Long64_t'),
      objArr('fBranches'),
      objArr('fLeaves'),
      objArr('fBaskets'),
      ptr('fBasketBytes', T.int, 'int*', 'fMaxBaskets'),
      ptr('fBasketEntry', T.long64, 'Long64_t*', 'fMaxBaskets'),
      ptr('fBasketSeek', T.long64, 'Long64_t*', 'fMaxBaskets'),
      { cls: 'TStreamerString', name: 'fFileName', type: T.tstring, size: 24, typeName: 'TString' },
    ],
  ],
  [
    'TLeaf',
    2,
    [
      base('TNamed', 1),
      basic('fLen', T.int, 4, 'int'),
      basic('fLenType', T.int, 4, 'int'),
      basic('fOffset', T.int, 4, 'int'),
      basic('fIsRange', T.bool, 1, 'bool'),
      basic('fIsUnsigned', T.bool, 1, 'bool'),
      { cls: 'TStreamerObjectPointer', name: 'fLeafCount', type: T.objectP, size: 8, typeName: 'TLeaf*' },
    ],
  ],
  ['TLeafD', 1, [base('TLeaf', 2), basic('fMinimum', T.double, 8, 'double'), basic('fMaximum', T.double, 8, 'double')]],
  ['TLeafI', 1, [base('TLeaf', 2), basic('fMinimum', T.int, 4, 'int'), basic('fMaximum', T.int, 4, 'int')]],
];

export interface RootBranch {
  name: string;
  values: ArrayLike<number>;
  type?: 'D' | 'I';
}

/** Writes `file` with TTree `tree` of the given scalar branches (all of one length). Returns the path. */
export function writeRootTree(file: string, tree: string, branches: RootBranch[]): string {
  const entries = branches[0]?.values.length ?? 0;
  const out = new Buf();
  const BEGIN = 100,
    datime = 0x6d000000;
  // A TKey header: fNbytes, version 4, fObjlen, datime, fKeylen, cycle, fSeekKey, fSeekPdir (32-bit), class, name, title.
  const key = (
    b: Buf,
    nbytes: number,
    objlen: number,
    keylen: number,
    seek: number,
    cls: string,
    name: string,
    title: string,
  ) => b.i4(nbytes).u2(4).i4(objlen).u4(datime).u2(keylen).u2(1).i4(seek).i4(BEGIN).str(cls).str(name).str(title);
  const keyLen = (cls: string, name: string, title: string) => {
    const k = new Buf();
    key(k, 0, 0, 0, 0, cls, name, title);
    return k.len;
  };
  /** Appends a keyed record: the key, then `payload`; returns [seek, nbytes]. */
  const record = (cls: string, name: string, title: string, payload: Uint8Array): [number, number] => {
    const seek = out.len,
      kl = keyLen(cls, name, title);
    key(out, kl + payload.length, payload.length, kl, seek, cls, name, title);
    out.raw(payload);
    return [seek, kl + payload.length];
  };
  out.raw(new Uint8Array(BEGIN)); // file header, filled at the end
  // The top directory record: TKey(TFile) + TNamed + TDirectory (version 5: 32-bit seeks) + UUID.
  const dirAt = out.len,
    dirName = file.split('/').pop()!;
  const dirKeyLen = keyLen('TFile', dirName, '');
  const named = new Buf();
  named.str(dirName).str('');
  const dirBody = () => {
    const d = new Buf();
    d.u2(5).u4(datime).u4(datime).i4(0).i4(0).i4(BEGIN).i4(0).i4(0);
    d.u2(1);
    for (let i = 0; i < 16; i++) d.u1(0);
    return d;
  };
  const nbytesName = dirKeyLen + named.len;
  const dirLen = named.len + dirBody().len;
  key(out, dirKeyLen + dirLen, dirLen, dirKeyLen, dirAt, 'TFile', dirName, '');
  out.raw(named.bytes());
  const dirFieldsAt = out.len;
  out.raw(dirBody().bytes());
  // Baskets: one per branch, big-endian values, fixed-size entries (no offset array).
  const seeks = branches.map((br) => {
    const d = new Buf();
    for (let i = 0; i < entries; i++) {
      if (br.type === 'I') d.i4(br.values[i]);
      else d.f8(br.values[i]);
    }
    const kl0 = keyLen('TBasket', br.name, tree) + 2 + 4 * 4 + 1;
    const seek = out.len,
      size = br.type === 'I' ? 4 : 8;
    key(out, kl0 + d.len, d.len, kl0, seek, 'TBasket', br.name, tree);
    out
      .u2(3)
      .i4(32000)
      .i4(size)
      .i4(entries)
      .i4(kl0 + d.len)
      .u1(0);
    out.raw(d.bytes());
    return [seek, kl0 + d.len];
  });
  // The TTree object.
  const t = new Buf();
  const leaf = (br: RootBranch) => () => {
    const isInt = br.type === 'I';
    t.counted(() => {
      t.u2(1);
      t.counted(() => {
        t.u2(2);
        tnamed(t, br.name, br.name);
        t.i4(1)
          .i4(isInt ? 4 : 8)
          .i4(0)
          .u1(0)
          .u1(0)
          .u4(0);
      });
      const vals = Array.from(br.values),
        lo = Math.min(...vals),
        hi = Math.max(...vals);
      if (isInt) t.i4(lo).i4(hi);
      else t.f8(lo).f8(hi);
    });
  };
  const branch = (br: RootBranch, k: number) => () =>
    t.counted(() => {
      t.u2(13);
      tnamed(t, br.name, `${br.name}/${br.type ?? 'D'}`);
      t.i4(0).i4(32000).i4(0).i4(1).i8(entries).i4(0).i4(1).i4(0).i8(entries).i8(0).i8(seeks[k][1]).i8(seeks[k][1]);
      objArray(t, []);
      objArray(t, [[br.type === 'I' ? 'TLeafI' : 'TLeafD', leaf(br)]]);
      objArray(t, []);
      t.u1(1).i4(seeks[k][1]);
      t.u1(1).i8(0);
      t.u1(1).i8(seeks[k][0]);
      t.str('');
    });
  t.counted(() => {
    t.u2(20);
    tnamed(t, tree, tree);
    t.i8(entries);
    objArray(
      t,
      branches.map((br, k) => ['TBranch', branch(br, k)] as [string, () => void]),
    );
    objArray(
      t,
      branches.map((br) => [br.type === 'I' ? 'TLeafI' : 'TLeafD', leaf(br)] as [string, () => void]),
    );
  });
  const [treeSeek, treeBytes] = record('TTree', tree, tree, t.bytes());
  // StreamerInfo: a TList of TStreamerInfo.
  const si = new Buf();
  si.counted(() => {
    si.u2(5);
    tobject(si);
    si.str('').u4(STREAMERS.length);
    for (const [cls, version, elems] of STREAMERS) {
      objAny(si, 'TStreamerInfo', () =>
        si.counted(() => {
          si.u2(9);
          tnamed(si, cls, '');
          si.u4(0).u4(version);
          objAny(si, 'TObjArray', () =>
            si.counted(() => {
              si.u2(3);
              tobject(si);
              si.str('').u4(elems.length).u4(0);
              for (const e of elems) element(si, e);
            }),
          );
        }),
      );
      si.str('');
    }
  });
  const [infoSeek, infoBytes] = record('TList', 'StreamerInfo', 'Doubly linked list', si.bytes());
  // The key list of the top directory: its own key, then the count and the keys.
  const keysAt = out.len,
    kk = new Buf();
  kk.i4(1);
  key(
    kk,
    treeBytes,
    treeBytes - keyLen('TTree', tree, tree),
    keyLen('TTree', tree, tree),
    treeSeek,
    'TTree',
    tree,
    tree,
  );
  const klHead = keyLen('KeysList', dirName, '');
  key(out, klHead + kk.len, kk.len, klHead, keysAt, 'KeysList', dirName, '');
  out.raw(kk.bytes());
  const nbytesKeys = out.len - keysAt,
    end = out.len;
  // Patch the directory fields (fNbytesKeys, fNbytesName, fSeekDir, fSeekParent, fSeekKeys) and write the header.
  out.setU4(dirFieldsAt + 10, nbytesKeys);
  out.setU4(dirFieldsAt + 14, nbytesName);
  out.setU4(dirFieldsAt + 26, keysAt);
  const h = new Buf();
  h.raw(Buffer.from('root'))
    .i4(62206)
    .i4(BEGIN)
    .i4(end)
    .i4(end)
    .i4(0)
    .i4(0)
    .i4(nbytesName)
    .u1(4)
    .i4(0)
    .i4(infoSeek)
    .i4(infoBytes)
    .u2(1);
  for (let i = 0; i < 16; i++) h.u1(0);
  const bytes = Buffer.from(out.bytes());
  Buffer.from(h.bytes()).copy(bytes, 0);
  fs.writeFileSync(file, bytes);
  return file;
}
