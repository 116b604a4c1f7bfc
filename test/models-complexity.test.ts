import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ConfigError } from '../src/core/index.js';
import { complexityOf, imageShapeOf } from '../src/models/index.js';

test('mlp 30-16-8-2: params and FLOPs by hand', () => {
  // params: 30·16+16 = 496, 16·8+8 = 136, 8·2+2 = 18  → 650
  // multiply-adds: 480 + 128 + 16 = 624 → FLOPs 1248
  const c = complexityOf({ family: 'mlp', hidden: [16, 8] }, [30], 2);
  assert.deepEqual(c, { params: 650, flops: 1248, bytes: 2600 });
});

test('logistic regression (mlp[]) is one dense layer', () => {
  // 64·10 + 10 = 650 params; 640 multiply-adds
  assert.deepEqual(complexityOf({ family: 'mlp', hidden: [] }, [64], 10), { params: 650, flops: 1280, bytes: 2600 });
});

test('2-conv cnn on 28×28×1: params and FLOPs by hand', () => {
  // conv_0 8 k3 valid: 28→26; params 3·3·1·8+8 = 80;    MACs 26·26·(3·3·1)·8 = 48672; pool2 → 13
  // conv_1 16 k3 valid: 13→11; params 3·3·8·16+16 = 1168; MACs 11·11·(3·3·8)·16 = 139392; pool2 → 5
  // flatten 5·5·16 = 400; dense 32: 400·32+32 = 12832, MACs 12800; logits: 32·10+10 = 330, MACs 320
  // params 80+1168+12832+330 = 14410; FLOPs 2·(48672+139392+12800+320) = 402368
  const arch = {
    family: 'cnn' as const,
    convs: [
      { filters: 8, kernel: 3, padding: 'valid' as const, pool: 2 },
      { filters: 16, kernel: 3, padding: 'valid' as const, pool: 2 },
    ],
    dense: [32],
  };
  assert.deepEqual(complexityOf(arch, [28, 28, 1], 10), { params: 14410, flops: 402368, bytes: 57640 });
  // a flat 784 is read as 28×28×1
  assert.deepEqual(complexityOf(arch, [784], 10), complexityOf(arch, [28, 28, 1], 10));
});

test('same padding and stride 2 round up', () => {
  // 7×9 input, 'same' stride 2: ceil(7/2)=4, ceil(9/2)=5; 4 filters k3 on 2 channels:
  // params 3·3·2·4+4 = 76; MACs 4·5·18·4 = 1440; flatten 80 → logits 3: 80·3+3 = 243, MACs 240
  const c = complexityOf(
    { family: 'cnn', convs: [{ filters: 4, kernel: 3, stride: 2, padding: 'same' }], dense: [] },
    [7, 9, 2],
    3,
  );
  assert.deepEqual(c, { params: 319, flops: 2 * 1680, bytes: 1276 });
});

test('image shape: flat squares become one-channel images, others are refused', () => {
  assert.deepEqual(imageShapeOf([64]), [8, 8, 1]);
  assert.deepEqual(imageShapeOf([28, 28]), [28, 28, 1]);
  assert.throws(() => imageShapeOf([30]), ConfigError);
  assert.throws(
    () => complexityOf({ family: 'cnn', convs: [{ filters: 2, kernel: 5, pool: 2 }, { filters: 2, kernel: 5 }], dense: [] }, [64], 2),
    /conv block 1: a 2×2 input shrinks to nothing/,
  );
});
