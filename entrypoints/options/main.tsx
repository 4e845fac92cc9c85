import { render } from 'preact';
import '@/components/pith-theme.css';
import './options.css';
import { App } from './App';
import { t } from '@/utils/i18n';

// index.html's title and lang are the English fallback; the messages file has the reader's.
document.title = t('optionsTitle');
document.documentElement.lang = t('messagesLocale');

render(<App />, document.getElementById('app')!);
