const path = require('path');
const { task, src, dest } = require('gulp');

task('build:icons', copyIcons);

/** Copy the SVG icons into dist/ so `file:../../icons/x.svg` resolves next to the compiled nodes. */
function copyIcons() {
	return src(path.resolve('icons', '**', '*.{png,svg}'), { encoding: false }).pipe(dest(path.resolve('dist', 'icons')));
}
