import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fenceAt, withAttribute, withLanguage } from '../../../src/core/fences';

describe('fences as written', () => {
  it('withAttribute adds `destructive` in the style of the info string', () => {
    assert.equal(withAttribute('sh', 'destructive'), 'sh {destructive}');
    assert.equal(withAttribute('sh {id=x}', 'destructive'), 'sh {id=x destructive}');
    assert.equal(withAttribute('sh {#x .y}', 'destructive'), 'sh {#x .y .destructive}');
    assert.equal(withAttribute('sh {}', 'destructive'), 'sh {destructive}');
    assert.equal(withAttribute('sh id=x', 'destructive'), 'sh id=x destructive');
    assert.equal(withAttribute('sh {id=x destructive=false}', 'destructive'), 'sh {id=x destructive}');
    assert.equal(withAttribute('sh {destructive="false"}', 'destructive'), 'sh {destructive}');
  });

  it('withLanguage replaces the language and keeps the attributes', () => {
    assert.equal(withLanguage('sh {id=x}', 'console'), 'console {id=x}');
    assert.equal(withLanguage('{id=x}', 'sh'), 'sh {id=x}');
    assert.equal(withLanguage('', 'text'), 'text');
  });

  it('fenceAt finds fences after indentation, list markers and `>`', () => {
    assert.deepEqual(fenceAt(['```sh {id=a}'], 0), { markerStart: 0, marker: '```', infoStart: 3, infoEnd: 12, info: 'sh {id=a}', indent: 0 });
    assert.equal(fenceAt(['   ~~~~'], 0)?.marker, '~~~~');
    assert.equal(fenceAt(['1. ```sh'], 0)?.markerStart, 3);
    assert.equal(fenceAt(['> > ```'], 0)?.markerStart, 4);
    assert.equal(fenceAt(['text ```'], 0), undefined);
    assert.equal(fenceAt([], 3), undefined);
  });
});
