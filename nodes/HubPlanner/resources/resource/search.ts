import { entitySearchOperation } from '../../../shared/builders/entity';
import { RESOURCE } from '../../contract';
import { entityFunctions } from '../../fields';

export const operation = entitySearchOperation({ ...RESOURCE, ...entityFunctions });
