import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fromWire, toWire } from '../src/queue/index.js';

test('typed arrays cross the queue as base64 and come back equal, at any byte offset', () => {
  const backing = new Float32Array([9, 1.5, -2.25, Number.NaN, 3e-39]);
  const value = { weights: { shapes: [[2, 2]], values: backing.subarray(1) }, labels: new Int32Array([3, -1, 7]), note: 'x', skip: undefined };
  const json = JSON.stringify(toWire(value));
  assert.match(json, /"values":\{"\$f32":"[A-Za-z0-9+/=]+"\}/);
  assert.ok(!json.includes('skip'));
  const back = fromWire(JSON.parse(json)) as typeof value;
  assert.ok(back.weights.values instanceof Float32Array);
  assert.deepEqual([...back.weights.values], [1.5, -2.25, Number.NaN, 3e-39].map(Math.fround));
  assert.ok(back.labels instanceof Int32Array);
  assert.deepEqual([...back.labels], [3, -1, 7]);
  // 4 bytes a number, as base64: about 5.3 characters a float32 instead of ~20 as a JSON object.
  const big = JSON.stringify(toWire(new Float32Array(3000).map((_, i) => Math.sin(i))));
  assert.ok(big.length < 3000 * 5.4 + 20, `${big.length} characters`);
});

test('decoding builds plain data: a __proto__ key stays an own property, malformed arrays are refused', () => {
  const decoded = fromWire(JSON.parse('{"__proto__":{"polluted":true},"a":1}')) as Record<string, unknown>;
  assert.equal(Object.getPrototypeOf(decoded), Object.prototype);
  assert.equal((decoded as { polluted?: boolean }).polluted, undefined);
  assert.ok(Object.hasOwn(decoded, '__proto__'));
  assert.throws(() => fromWire({ $f32: Buffer.from([1, 2, 3]).toString('base64') }), /3 bytes is not a whole number of 4-byte values/);
  assert.throws(() => fromWire({ $i32: 42 }), /expected a base64 string/);
});
