import { defineBackground } from 'wxt/utils/define-background';
import { registerHandlers } from '@/background/background-handlers';

export default defineBackground(() => {
  registerHandlers();
});
