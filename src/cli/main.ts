#!/usr/bin/env node
/** The `multihop` command (see program.ts). */
import { runProgram } from './program.js';

void runProgram(process.argv);
