import { removeRunDirectory } from './temporary-directory';

export default removeRunDirectory;
