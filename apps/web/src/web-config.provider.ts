import { Inject } from '@nestjs/common';

export const WEB_CONFIG = Symbol('WEB_CONFIG');
export const InjectWebConfig = () => Inject(WEB_CONFIG);
