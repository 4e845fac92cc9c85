import { render } from 'preact';
import katexCss from 'katex/dist/katex.min.css?raw';
import '@/components/pith-theme.css';
import './popup.css';
import { splitFontFaces } from '@/utils/katex-css';
import { App } from './App';
import { t } from '@/utils/i18n';

// KaTeX's stylesheet with its fonts pointed at the woff2 copies the extension ships once in
// /fonts (imported as is, katex.css would bundle a second set in ttf, woff and woff2).
const { fontFaces, rest } = splitFontFaces(katexCss, (file) => `/fonts/${file}`);
const katexStyle = document.createElement('style');
katexStyle.textContent = `${fontFaces}\n${rest}`;
document.head.append(katexStyle);

// index.html's title and lang are the English fallback; the messages file has the reader's.
document.title = t('popupTitle');
document.documentElement.lang = t('messagesLocale');

render(<App />, document.getElementById('app')!);
