/** Jest setup: production mode silences tfjs's "install the node backend" banner in suites that never pick a backend. */
import * as tf from '@tensorflow/tfjs';

tf.enableProdMode();
