import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';

// The extension's bundles evaluate KaTeX on first use (wxt.config.ts, lazyKatex): this stands
// in for that module, pending until a property of KaTeX is first read.
vi.mock('katex', async (importOriginal) => {
  const real = ((await importOriginal()) as { default: object }).default;
  let evaluated = false;
  return {
    default: new Proxy(real, {
      get: (target, key) => {
        if (key === '__pithPending') return !evaluated;
        evaluated = true;
        return Reflect.get(target, key);
      },
    }),
  };
});

// Fresh copies of the modules that hold KaTeX: another test file may have loaded them already
// (the unit tests share one module graph per worker, vitest.config.ts).
vi.resetModules();
const { Tex } = await import('@/components/Tex');
const { mathReady, prepareMath } = await import('@/utils/tex');

describe('math before KaTeX is evaluated', () => {
  it('shows the TeX source first, evaluates KaTeX in a later task, then renders it', async () => {
    expect(mathReady()).toBe(false);
    const host = document.createElement('div');
    document.body.append(host);
    render(<Tex text="Layered Cr$_2$Ge$_2$Te$_6$ films" />, host);
    // Same task as the render: no KaTeX yet, the source stands in, nothing evaluated.
    expect(host.querySelector('.katex')).toBeNull();
    expect(host.querySelector('.tex-pending')?.textContent).toBe('$_2$');
    expect(host.textContent).toContain('films');
    expect(mathReady()).toBe(false);
    await prepareMath();
    expect(mathReady()).toBe(true);
    await vi.waitFor(() => expect(host.querySelectorAll('.katex').length).toBe(3));
    expect(host.querySelector('.tex-pending')).toBeNull();
    expect(host.textContent).not.toContain('$');
  });
});
