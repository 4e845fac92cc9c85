import { registerHandlers } from '@/utils/background-handlers';

export default defineBackground(() => {
  registerHandlers();
});
