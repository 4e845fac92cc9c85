import { render } from 'preact';
import { describe, expect, it } from 'vitest';
import { Tex, TexStylesContext } from '@/components/Tex';

function mount(node: preact.ComponentChild): HTMLElement {
  const host = document.createElement('div');
  document.body.append(host);
  render(node, host);
  return host;
}

describe('Tex', () => {
  it("turns TeX's ~ between words into a non-breaking space, outside math only", () => {
    // From 2510.01881 on the /new capture: "from 5~K to 300~K".
    const host = mount(<Tex text="spectra of CGT from 5~K to 300~K and $a~b$" />);
    expect(host.textContent).toContain('5\u00a0K to 300\u00a0K');
    expect(host.textContent).not.toContain('5~K');
    expect(host.querySelector('.katex')).not.toBeNull();
  });

  it('asks its provider for KaTeX styles only when it renders math, with the root of the math', () => {
    const roots: Node[] = [];
    const adopt = (root: Node) => roots.push(root);
    const host = document.createElement('div');
    document.body.append(host);
    const shadow = host.attachShadow({ mode: 'open' });
    render(
      <TexStylesContext.Provider value={adopt}>
        <p>
          <Tex text="No math in this title" />
        </p>
      </TexStylesContext.Provider>,
      shadow,
    );
    expect(roots).toEqual([]);
    render(
      <TexStylesContext.Provider value={adopt}>
        <p>
          <Tex text="Layered Cr$_2$Ge$_2$Te$_6$" />
        </p>
      </TexStylesContext.Provider>,
      shadow,
    );
    expect(roots.length).toBeGreaterThan(0);
    expect(roots.every((r) => r === shadow)).toBe(true);
  });
});
