// Types for ml-logistic-regression 2.0 (the package ships none). Only what bench/churn-trainers.ts uses.
declare module 'ml-logistic-regression' {
  import type { Matrix } from 'ml-matrix';

  export interface LogisticRegressionTwoClasses {
    numSteps: number;
    learningRate: number;
    weights: Matrix | null;
    /** sigmoid(X w): the probability of the classifier's positive target. */
    testScores(features: Matrix): number[];
  }

  export default class LogisticRegression {
    constructor(options?: { numSteps?: number; learningRate?: number });
    numSteps: number;
    learningRate: number;
    numberClasses: number;
    /** One-vs-all: classifiers[i] was trained with target 0 for class i and 1 for the rest. */
    classifiers: LogisticRegressionTwoClasses[];
    train(X: Matrix, Y: Matrix): void;
    predict(X: Matrix): number[];
  }
}
