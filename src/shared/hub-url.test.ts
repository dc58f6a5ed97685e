import { describe, expect, it } from 'vitest';
import { hubRepoOf } from './hub-url.ts';

describe('hubRepoOf', () => {
  it('finds the repository of a Hub-layout model URL, on the Hub or on a mirror below a path', () => {
    expect(hubRepoOf('https://huggingface.co/onnx-community/codebert-base/resolve/main/onnx/model_quantized.onnx')).toEqual({
      hubUrl: 'https://huggingface.co/',
      modelId: 'onnx-community/codebert-base',
    });
    expect(hubRepoOf('http://127.0.0.1:8080/hub/tierlab/tiny-code-encoder/resolve/main/onnx/model.onnx')).toEqual({
      hubUrl: 'http://127.0.0.1:8080/hub/',
      modelId: 'tierlab/tiny-code-encoder',
    });
  });

  it('refuses URLs without that layout, on another revision, with a query, or with odd segments', () => {
    for (const url of [
      'https://example.com/models/model.onnx',
      'https://huggingface.co/org/name/resolve/v1.0/onnx/model.onnx',
      'https://huggingface.co/org/name/resolve/main/onnx/model.onnx?download=true',
      'https://huggingface.co/org/name/resolve/main/config.json',
      'https://huggingface.co/resolve/main/model.onnx',
      'file:///org/name/resolve/main/model.onnx',
      'not a url',
    ])
      expect(hubRepoOf(url), url).toBeNull();
  });
});
